package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Raw MCP 2026-07-28 lines for {@link ServerProcess}: every request carries its era in
 * {@code params._meta} (the envelope). Ids are given as JSON ({@code 7} or {@code "\"seven\""}), as
 * in {@link ServerProcess#toolCall}.
 */
final class ModernLines {

    static final String VERSION = "2026-07-28";
    static final String PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    static final String CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    static final String CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";

    /** The members of a valid envelope, to put inside {@code "_meta":{...}}. */
    static final String ENVELOPE = "\"" + PROTOCOL_VERSION + "\":\"" + VERSION + "\",\"" + CLIENT_CAPABILITIES
            + "\":{},\"" + CLIENT_INFO + "\":{\"name\":\"it\",\"version\":\"1\"}";

    private ModernLines() {
    }

    /** A request whose params are {@code params} (members, may be empty) and a {@code _meta} of {@code meta} members. */
    static String request(Object id, String method, String params, String meta) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":{" + params
                + (params.isEmpty() ? "" : ",") + "\"_meta\":{" + meta + "}}}";
    }

    /** A request with a valid envelope. */
    static String request(Object id, String method, String params) {
        return request(id, method, params, ENVELOPE);
    }

    static String discover(Object id) {
        return request(id, "server/discover", "");
    }

    static String toolsList(Object id) {
        return request(id, "tools/list", "");
    }

    /** {@code tools/call} of {@code tool} with {@code arguments} (a JSON object). */
    static String toolCall(Object id, String tool, String arguments) {
        return request(id, "tools/call", toolParams(tool, arguments));
    }

    /** The same with {@code progressToken} (as JSON) in the envelope. */
    static String toolCallWithProgress(Object id, String tool, String arguments, String progressToken) {
        return request(id, "tools/call", toolParams(tool, arguments), ENVELOPE + ",\"progressToken\":" + progressToken);
    }

    private static String toolParams(String tool, String arguments) {
        return "\"name\":\"" + tool + "\",\"arguments\":" + arguments;
    }

    static String statusCall(Object id, String batchId) {
        return toolCall(id, "get_batch_session_status", "{\"batch_id\":\"" + batchId + "\"}");
    }

    static String cancel(Object requestId) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":" + requestId
                + ",\"reason\":\"the user stopped it\"}}";
    }

    /** The initialize a 2025 client opens with, without an envelope. */
    static String initialize(Object id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
    }

    /** Asserts that {@code response} arrived and is an error with {@code code}; returns its {@code error}. */
    static JsonNode assertError(JsonNode response, int code) {
        assertNotNull(response, "an answer");
        assertEquals(code, response.path("error").path("code").asInt(), response.toString());
        return response.path("error");
    }

    /** Asserts that {@code response} arrived and is a result; returns the {@code result}. */
    static JsonNode assertResult(JsonNode response) {
        assertNotNull(response, "an answer");
        assertTrue(response.has("result"), response.toString());
        return response.path("result");
    }

    /** Every stdout line so far, parsed. */
    static List<JsonNode> parsed(List<String> lines) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : lines) {
            out.add(JsonMapper.shared().readTree(line));
        }
        return out;
    }
}
