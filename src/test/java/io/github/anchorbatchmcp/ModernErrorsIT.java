package io.github.anchorbatchmcp;

import static io.github.anchorbatchmcp.ModernLines.assertError;
import static io.github.anchorbatchmcp.ModernLines.assertResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.demo.DemoBatches;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every way a 2026-07-28 request can be refused, as raw lines into the built jar: the JSON-RPC
 * error each gets, with the data the specification asks for, and what stays a tool result. One
 * connection, pinned to the 2026-07-28 era, serves every test (a refused request changes nothing);
 * what an invalid envelope does before the era is pinned is {@link EraRoutingIT}'s.
 */
class ModernErrorsIT {

    static final int UNSUPPORTED_VERSION = -32022;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;

    private static ServerProcess server;

    @BeforeAll
    static void startPinnedModern() throws Exception {
        server = new ServerProcess(Map.of(), "--demo");
        server.send(ModernLines.toolsList("\"pin\""));
        assertResult(server.response("\"pin\"", 30));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** An id of its own for each request of a test: {@code "prefix-n"}. */
    private static String id(String prefix, int n) {
        return "\"" + prefix + "-" + n + "\"";
    }

    private static String meta(String version) {
        return "\"" + ModernLines.PROTOCOL_VERSION + "\":" + version + ",\"" + ModernLines.CLIENT_CAPABILITIES + "\":{}";
    }

    private static void assertUnsupported(JsonNode response, String requested) {
        JsonNode error = assertError(response, UNSUPPORTED_VERSION);
        assertEquals(List.of(ModernLines.VERSION), JsonMapper.shared().treeToValue(error.path("data").path("supported"),
                List.class), error.toString());
        assertEquals(requested, error.path("data").path("requested").asString(), error.toString());
    }

    @Test
    void anUnsupportedVersionIsRefusedNamingTheSupportedOne() throws Exception {
        server.send(ModernLines.request(id("v", 1), "tools/list", "", meta("\"2099-01-01\"")));
        assertUnsupported(server.response(id("v", 1), 30), "2099-01-01");
        server.send(ModernLines.request(id("v", 2), "tools/call", "\"name\":\"get_batch_session_status\",\"arguments\":"
                + "{\"batch_id\":\"" + DemoBatches.COMPLETED + "\"}", meta("\"2099-01-01\"")));
        assertUnsupported(server.response(id("v", 2), 30), "2099-01-01");
        server.send(ModernLines.request(id("v", 3), "server/discover", "", meta("\"2025-06-18\"")));
        assertUnsupported(server.response(id("v", 3), 30), "2025-06-18");
    }

    @Test
    void aVersionThatIsNotAStringIsInvalidParams() throws Exception {
        String[] versions = {"20260728", "null", "[\"2026-07-28\"]", "{}", "true"};
        for (int i = 0; i < versions.length; i++) {
            server.send(ModernLines.request(id("t", i), "tools/list", "", meta(versions[i])));
        }
        for (int i = 0; i < versions.length; i++) {
            assertError(server.response(id("t", i), 30), INVALID_PARAMS);
        }
    }

    @Test
    void aRequestWithoutClientCapabilitiesIsInvalidParams() throws Exception {
        String version = "\"" + ModernLines.PROTOCOL_VERSION + "\":\"" + ModernLines.VERSION + "\"";
        String capabilities = ",\"" + ModernLines.CLIENT_CAPABILITIES + "\":";
        server.send(ModernLines.request(id("c", 1), "tools/list", "", version));
        server.send(ModernLines.request(id("c", 2), "server/discover", "", version));
        server.send(ModernLines.request(id("c", 3), "tools/list", "", version + capabilities + "[]"));
        server.send(ModernLines.request(id("c", 4), "tools/list", "", version + capabilities + "null"));
        for (int n = 1; n <= 4; n++) {
            assertError(server.response(id("c", n), 30), INVALID_PARAMS);
        }
    }

    @Test
    void methodsRemovedIn20260728AreNotFoundWhenTheyCarryAnEnvelope() throws Exception {
        server.send(ModernLines.request(id("r", 1), "ping", ""));
        server.send(ModernLines.request(id("r", 2), "logging/setLevel", "\"level\":\"info\""));
        server.send(ModernLines.request(id("r", 3), "resources/subscribe", "\"uri\":\"anchor://x\""));
        server.send(ModernLines.request(id("r", 4), "resources/unsubscribe", "\"uri\":\"anchor://x\""));
        server.send(ModernLines.request(id("r", 5), "initialize", "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}"));
        server.send(ModernLines.request(id("r", 6), "no/such/method", ""));
        for (int n = 1; n <= 6; n++) {
            assertError(server.response(id("r", n), 30), METHOD_NOT_FOUND);
        }
    }

    @Test
    void aRemovedMethodAsTheFirstLineIsNotFoundToo() throws Exception {
        try (ServerProcess fresh = new ServerProcess(Map.of(), "--demo")) {
            fresh.send(ModernLines.request(1, "ping", "")); // as the conformance suite opens
            assertError(fresh.response("1", 30), METHOD_NOT_FOUND);
        }
    }

    @Test
    void anUnknownToolIsAJsonRpcErrorNotAToolResult() throws Exception {
        server.send(ModernLines.toolCall(id("u", 1), "no_such_tool", "{}"));
        JsonNode error = assertError(server.response(id("u", 1), 30), INVALID_PARAMS);
        assertTrue(error.path("message").asString().contains("no_such_tool"), error.toString());
    }

    @Test
    void argumentsTheSchemaRefusesAreAToolErrorTheModelCanRead() throws Exception {
        server.send(ModernLines.toolCall(id("a", 1), "get_batch_session_status", "{\"batch_id\":5}"));
        server.send(ModernLines.toolCall(id("a", 2), "get_batch_session_status", "{}"));
        server.send(ModernLines.toolCall(id("a", 3), "get_batch_session_status", "{\"batch_id\":\""
                + DemoBatches.COMPLETED + "\",\"extra\":1}"));
        server.send(ModernLines.toolCall(id("a", 4), "wait_for_batch_sessions", "{\"batch_id\":\""
                + DemoBatches.COMPLETED + "\",\"timeout_seconds\":0}"));
        server.send(ModernLines.toolCall(id("a", 5), "get_batch_session_status", "{\"batch_id\":\"../../admin\"}"));
        String[] named = {"batch_id", "batch_id", "extra", "timeout_seconds", "UUID"};
        for (int n = 1; n <= 5; n++) {
            JsonNode result = assertResult(server.response(id("a", n), 30));
            assertTrue(result.path("isError").asBoolean(), result.toString());
            assertEquals("complete", result.path("resultType").asString());
            String text = result.path("content").path(0).path("text").asString();
            assertTrue(text.contains(named[n - 1]), n + ": " + text);
        }
    }

    @Test
    void aCallThatIsNotACallToolRequestIsInvalidParams() throws Exception {
        server.send(ModernLines.request(id("n", 1), "tools/call", "\"name\":\"get_batch_session_status\",\"arguments\":\"x\""));
        server.send(ModernLines.request(id("n", 2), "tools/call", "\"arguments\":{}"));
        server.send(ModernLines.request(id("n", 3), "tools/call", "\"name\":7,\"arguments\":{}"));
        for (int n = 1; n <= 3; n++) {
            assertError(server.response(id("n", n), 30), INVALID_PARAMS);
        }
    }
}
