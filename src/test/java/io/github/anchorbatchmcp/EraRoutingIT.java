package io.github.anchorbatchmcp;

import static io.github.anchorbatchmcp.ModernLines.assertError;
import static io.github.anchorbatchmcp.ModernLines.assertResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.demo.DemoBatches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which era serves a connection, over raw lines into the built jar, rule by rule as
 * {@code EraRouter}'s javadoc states them: {@code server/discover} pins nothing; the first other
 * request with a valid envelope pins the 2026-07-28 era, {@code initialize} (or any request
 * without an envelope) the initialize era; an invalid envelope or a notification pins nothing; a
 * pinned connection never switches.
 */
class EraRoutingIT {

    static final int UNSUPPORTED_VERSION = -32022;
    static final int INVALID_REQUEST = -32600;
    static final int INVALID_PARAMS = -32602;

    private static ServerProcess demo() throws java.io.IOException {
        return new ServerProcess(Map.of(), "--demo");
    }

    private static String legacyToolsList(Object id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\"}";
    }

    /** Asserts an initialize-era session: initialize answered as in 2025, then its requests served. */
    private static void assertLegacySessionOpens(ServerProcess server) throws Exception {
        server.send(ModernLines.initialize("\"init\""));
        JsonNode init = assertResult(server.response("\"init\"", 30));
        assertEquals("2025-06-18", init.path("protocolVersion").asString(), init.toString());
        assertEquals("anchor-batch-mcp", init.path("serverInfo").path("name").asString());
        server.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        server.send(legacyToolsList("\"list\""));
        assertEquals(ServerProcess.TOOLS.size(), assertResult(server.response("\"list\"", 30)).path("tools").size());
        server.send(ServerProcess.toolCall("\"call\"", DemoBatches.COMPLETED));
        JsonNode call = assertResult(server.response("\"call\"", 30));
        assertFalse(call.path("isError").asBoolean(false), call.toString());
        assertFalse(call.has("resultType"), "an initialize-era result: " + call);
        server.send("{\"jsonrpc\":\"2.0\",\"id\":\"ping\",\"method\":\"ping\"}");
        assertResult(server.response("\"ping\"", 30));
    }

    /** Asserts the connection is pinned modern: an initialize is refused, a modern request served. */
    private static void assertPinnedModern(ServerProcess server) throws Exception {
        server.send(ModernLines.initialize("\"late-init\""));
        assertError(server.response("\"late-init\"", 30), UNSUPPORTED_VERSION);
        server.send(ModernLines.toolsList("\"still-modern\""));
        assertEquals("complete", assertResult(server.response("\"still-modern\"", 30)).path("resultType").asString());
    }

    @Test
    void discoverThenInitializeIsAnOrdinaryInitializeSession() throws Exception {
        try (ServerProcess server = demo()) {
            server.send(ModernLines.discover(1));
            JsonNode discover = assertResult(server.response("1", 30));
            assertEquals(List.of(ModernLines.VERSION), JsonMapper.shared().treeToValue(discover.path("supportedVersions"),
                    List.class));
            assertLegacySessionOpens(server);
        }
    }

    @Test
    void discoverThenAModernRequestPinsTheModernEra() throws Exception {
        try (ServerProcess server = demo()) {
            server.send(ModernLines.discover(1));
            server.send(ModernLines.discover(2));
            assertResult(server.response("1", 30));
            assertResult(server.response("2", 30));
            server.send(ModernLines.statusCall(3, DemoBatches.COMPLETED));
            assertEquals("complete", assertResult(server.response("3", 30)).path("resultType").asString());
            assertPinnedModern(server);
        }
    }

    @Test
    void bothErasListTheSameToolsAsTheCheckedInDescriptors() throws Exception {
        JsonNode modern;
        try (ServerProcess server = demo()) {
            server.send(ModernLines.toolsList(1));
            modern = assertResult(server.response("1", 30)).path("tools");
        }
        JsonNode legacy;
        try (ServerProcess server = demo()) {
            server.initialize();
            server.send(legacyToolsList(1));
            legacy = assertResult(server.response("1", 30)).path("tools");
        }
        assertEquals(ServerProcess.TOOLS.size(), modern.size(), modern::toString);
        assertEquals(legacy.size(), modern.size());
        for (int i = 0; i < modern.size(); i++) {
            String name = modern.path(i).path("name").asString();
            assertEquals(legacy.path(i), modern.path(i), "the same JSON for " + name + " in both eras");
            JsonNode checkedIn = JsonMapper.shared().readTree(Files.readString(Path.of("tool-schemas", name + ".json")));
            assertEquals(checkedIn, modern.path(i), name + " is served as checked in");
        }
    }

    @Test
    void pinnedModernAnInitializeIsRefusedWithTheSupportedVersions() throws Exception {
        try (ServerProcess server = demo()) {
            server.send(ModernLines.toolsList(1));
            assertResult(server.response("1", 30));
            server.send(ModernLines.initialize(2));
            JsonNode error = assertError(server.response("2", 30), UNSUPPORTED_VERSION);
            assertEquals(List.of(ModernLines.VERSION), JsonMapper.shared().treeToValue(error.path("data").path("supported"),
                    List.class), error.toString());
            assertEquals("2025-06-18", error.path("data").path("requested").asString(), error.toString());
            server.send(ModernLines.statusCall(3, DemoBatches.COMPLETED));
            assertEquals("complete", assertResult(server.response("3", 30)).path("resultType").asString());
        }
    }

    @Test
    void pinnedModernARequestWithoutAnEnvelopeIsInvalidParams() throws Exception {
        try (ServerProcess server = demo()) {
            server.send(ModernLines.toolsList(1));
            assertResult(server.response("1", 30));
            server.send(legacyToolsList(2));
            assertError(server.response("2", 30), INVALID_PARAMS);
            server.send(ServerProcess.toolCall(3, DemoBatches.COMPLETED));
            assertError(server.response("3", 30), INVALID_PARAMS);
            assertPinnedModern(server);
        }
    }

    @Test
    void pinnedLegacyAnEnvelopedRequestIsRefusedAndTheSessionGoesOn() throws Exception {
        try (ServerProcess server = demo()) {
            server.initialize();
            server.send(ModernLines.toolsList(1));
            assertError(server.response("1", 30), INVALID_REQUEST);
            server.send(ModernLines.discover(2));
            assertError(server.response("2", 30), INVALID_REQUEST);
            server.send(ModernLines.statusCall(3, DemoBatches.COMPLETED));
            assertError(server.response("3", 30), INVALID_REQUEST);
            server.send(ModernLines.request(4, "tools/list", "", "\"" + ModernLines.PROTOCOL_VERSION + "\":\"2099-01-01\""));
            assertError(server.response("4", 30), INVALID_REQUEST);
            server.send(legacyToolsList(5));
            assertEquals(ServerProcess.TOOLS.size(), assertResult(server.response("5", 30)).path("tools").size());
            server.send(ServerProcess.toolCall(6, DemoBatches.COMPLETED));
            assertFalse(assertResult(server.response("6", 30)).path("isError").asBoolean(false));
        }
    }

    @Test
    void anUnsupportedVersionFirstPinsNothingAndInitializeStillOpensALegacySession() throws Exception {
        try (ServerProcess server = demo()) {
            server.send(ModernLines.request(1, "tools/list", "", "\"" + ModernLines.PROTOCOL_VERSION
                    + "\":\"2099-01-01\",\"" + ModernLines.CLIENT_CAPABILITIES + "\":{}"));
            assertError(server.response("1", 30), UNSUPPORTED_VERSION);
            assertLegacySessionOpens(server);
        }
    }

    @Test
    void anEnvelopeWithoutCapabilitiesFirstPinsNothingAndAValidOneThenPinsModern() throws Exception {
        try (ServerProcess server = demo()) {
            server.send(ModernLines.request(1, "tools/list", "", "\"" + ModernLines.PROTOCOL_VERSION + "\":\""
                    + ModernLines.VERSION + "\""));
            assertError(server.response("1", 30), INVALID_PARAMS);
            server.send(ModernLines.toolsList(2));
            assertResult(server.response("2", 30));
            assertPinnedModern(server);
        }
    }

    @Test
    void anInvalidEnvelopeFirstPinsNothingAndAnEnvelopeLessRequestThenPinsLegacy() throws Exception {
        try (ServerProcess server = demo()) {
            server.send(ModernLines.request(1, "tools/list", "", "\"" + ModernLines.PROTOCOL_VERSION + "\":\""
                    + ModernLines.VERSION + "\",\"" + ModernLines.CLIENT_CAPABILITIES + "\":\"none\""));
            assertError(server.response("1", 30), INVALID_PARAMS);
            assertLegacySessionOpens(server);
            server.send(ModernLines.toolsList(2));
            assertError(server.response("2", 30), INVALID_REQUEST);
        }
    }

    @Test
    void aNotificationFirstPinsNothing() throws Exception {
        try (ServerProcess server = demo()) {
            server.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            server.send(ModernLines.toolsList(1));
            assertResult(server.response("1", 30));
            assertPinnedModern(server);
            assertTrue(server.allStdout().stream().noneMatch(l -> l.contains("\"id\":null")),
                    "the notification got no answer: " + server.allStdout());
        }
    }
}
