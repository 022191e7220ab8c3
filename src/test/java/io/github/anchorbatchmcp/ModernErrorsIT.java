package io.github.anchorbatchmcp;

import static io.github.anchorbatchmcp.ModernLines.assertError;
import static io.github.anchorbatchmcp.ModernLines.assertResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.demo.DemoBatches;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every way a 2026-07-28 request can be refused, as raw lines into the built jar: the JSON-RPC
 * error each gets, with the data the specification asks for, and what stays a tool result.
 */
class ModernErrorsIT {

    static final int UNSUPPORTED_VERSION = -32022;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;

    private static ServerProcess demo() throws java.io.IOException {
        return new ServerProcess(Map.of(), "--demo");
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
    void anUnsupportedVersionIsRefusedNamingTheSupportedOneBeforeAndAfterTheEraIsPinned() throws Exception {
        try (ServerProcess server = demo()) {
            server.send(ModernLines.request(1, "tools/list", "", meta("\"2099-01-01\"")));
            assertUnsupported(server.response("1", 30), "2099-01-01");
            server.send(ModernLines.toolsList(2));
            assertResult(server.response("2", 30));
            server.send(ModernLines.request(3, "tools/call", "\"name\":\"get_batch_session_status\",\"arguments\":"
                    + "{\"batch_id\":\"" + DemoBatches.COMPLETED + "\"}", meta("\"2099-01-01\"")));
            assertUnsupported(server.response("3", 30), "2099-01-01");
            server.send(ModernLines.request(4, "server/discover", "", meta("\"2025-06-18\"")));
            assertUnsupported(server.response("4", 30), "2025-06-18");
        }
    }

    @Test
    void aVersionThatIsNotAStringIsInvalidParams() throws Exception {
        try (ServerProcess server = demo()) {
            String[] versions = {"20260728", "null", "[\"2026-07-28\"]", "{}", "true"};
            for (int i = 0; i < versions.length; i++) {
                server.send(ModernLines.request(i, "tools/list", "", meta(versions[i])));
            }
            for (int i = 0; i < versions.length; i++) {
                assertError(server.response(String.valueOf(i), 30), INVALID_PARAMS);
            }
        }
    }

    @Test
    void aRequestWithoutClientCapabilitiesIsInvalidParams() throws Exception {
        try (ServerProcess server = demo()) {
            String version = "\"" + ModernLines.PROTOCOL_VERSION + "\":\"" + ModernLines.VERSION + "\"";
            server.send(ModernLines.request(1, "tools/list", "", version));
            server.send(ModernLines.request(2, "server/discover", "", version));
            server.send(ModernLines.request(3, "tools/list", "", version + ",\"" + ModernLines.CLIENT_CAPABILITIES + "\":[]"));
            server.send(ModernLines.request(4, "tools/list", "", version + ",\"" + ModernLines.CLIENT_CAPABILITIES + "\":null"));
            for (int id = 1; id <= 4; id++) {
                assertError(server.response(String.valueOf(id), 30), INVALID_PARAMS);
            }
        }
    }

    @Test
    void methodsRemovedIn20260728AreNotFoundWhenTheyCarryAnEnvelope() throws Exception {
        try (ServerProcess server = demo()) {
            server.send(ModernLines.request(1, "ping", ""));
            server.send(ModernLines.request(2, "logging/setLevel", "\"level\":\"info\""));
            server.send(ModernLines.request(3, "resources/subscribe", "\"uri\":\"anchor://x\""));
            server.send(ModernLines.request(4, "resources/unsubscribe", "\"uri\":\"anchor://x\""));
            server.send(ModernLines.request(5, "initialize", "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}"));
            server.send(ModernLines.request(6, "no/such/method", ""));
            for (int id = 1; id <= 6; id++) {
                assertError(server.response(String.valueOf(id), 30), METHOD_NOT_FOUND);
            }
        }
    }

    @Test
    void anUnknownToolIsAJsonRpcErrorNotAToolResult() throws Exception {
        try (ServerProcess server = demo()) {
            server.send(ModernLines.toolCall(1, "no_such_tool", "{}"));
            JsonNode error = assertError(server.response("1", 30), INVALID_PARAMS);
            assertTrue(error.path("message").asString().contains("no_such_tool"), error.toString());
        }
    }

    @Test
    void argumentsTheSchemaRefusesAreAToolErrorTheModelCanRead() throws Exception {
        try (ServerProcess server = demo()) {
            server.send(ModernLines.toolCall(1, "get_batch_session_status", "{\"batch_id\":5}"));
            server.send(ModernLines.toolCall(2, "get_batch_session_status", "{}"));
            server.send(ModernLines.toolCall(3, "get_batch_session_status", "{\"batch_id\":\"" + DemoBatches.COMPLETED
                    + "\",\"extra\":1}"));
            server.send(ModernLines.toolCall(4, "wait_for_batch_sessions", "{\"batch_id\":\"" + DemoBatches.COMPLETED
                    + "\",\"timeout_seconds\":0}"));
            server.send(ModernLines.toolCall(5, "get_batch_session_status", "{\"batch_id\":\"../../admin\"}"));
            String[] named = {"batch_id", "batch_id", "extra", "timeout_seconds", "UUID"};
            for (int id = 1; id <= 5; id++) {
                JsonNode result = assertResult(server.response(String.valueOf(id), 30));
                assertTrue(result.path("isError").asBoolean(), result.toString());
                assertEquals("complete", result.path("resultType").asString());
                String text = result.path("content").path(0).path("text").asString();
                assertTrue(text.contains(named[id - 1]), id + ": " + text);
            }
        }
    }

    @Test
    void aCallThatIsNotACallToolRequestIsInvalidParams() throws Exception {
        try (ServerProcess server = demo()) {
            server.send(ModernLines.request(1, "tools/call", "\"name\":\"get_batch_session_status\",\"arguments\":\"x\""));
            server.send(ModernLines.request(2, "tools/call", "\"arguments\":{}"));
            server.send(ModernLines.request(3, "tools/call", "\"name\":7,\"arguments\":{}"));
            for (int id = 1; id <= 3; id++) {
                assertError(server.response(String.valueOf(id), 30), INVALID_PARAMS);
            }
        }
    }
}
