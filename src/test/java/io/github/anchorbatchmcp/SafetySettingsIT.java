package io.github.anchorbatchmcp;

import static io.github.anchorbatchmcp.ModernLines.assertError;
import static io.github.anchorbatchmcp.ModernLines.assertResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.anchor.Fixtures;
import io.github.anchorbatchmcp.tools.CancelBatchTool;
import io.github.anchorbatchmcp.tools.CreateBatchTool;
import io.github.anchorbatchmcp.tools.ListBatchesTool;
import io.github.anchorbatchmcp.tools.RetryBatchTool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * ANCHOR_READ_ONLY and ANCHOR_MAX_BATCH_SIZE through the built jar: what clients of both eras are
 * served, what reaches the API (counted on a loopback server), and how a bad value stops the start.
 */
class SafetySettingsIT {

    static final String KEY = "sk-safety-4e1a9c";
    static final int INVALID_PARAMS = -32602;
    /** A change for each tool that changes something, as a tools/call's name and arguments. */
    static final Map<String, String> CHANGES = Map.of(
            CreateBatchTool.NAME, "{\"count\":1}",
            CancelBatchTool.NAME, "{\"batch_id\":\"" + Fixtures.BATCH + "\"}",
            RetryBatchTool.NAME, "{\"batch_id\":\"" + Fixtures.BATCH + "\"}");

    private final MockWebServer api = new MockWebServer();

    @BeforeEach
    void startApi() throws Exception {
        api.start();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    private Map<String, String> env(String name, String value) {
        return Map.of("ANCHOR_API_KEY", KEY, "ANCHOR_BASE_URL", api.url("/").toString(), name, value);
    }

    private static List<String> names(JsonNode tools) {
        List<String> names = new ArrayList<>();
        tools.forEach(t -> names.add(t.path("name").asString()));
        return names;
    }

    @ParameterizedTest
    @EnumSource(Era.class)
    void readOnlyListsOnlyStatusWaitAndList(Era era) throws Exception {
        try (ServerProcess server = new ServerProcess(env("ANCHOR_READ_ONLY", "true"))) {
            era.open(server);
            server.send(era.toolsList("\"list\""));
            assertEquals(List.of("get_batch_session_status", "wait_for_batch_sessions", "list_batch_sessions"),
                    names(assertResult(server.response("\"list\"", 30)).path("tools")));
        }
    }

    @ParameterizedTest
    @EnumSource(Era.class)
    void readOnlyRefusesEveryChangeAsAnUnknownToolAndSendsNothing(Era era) throws Exception {
        try (ServerProcess server = new ServerProcess(env("ANCHOR_READ_ONLY", "TRUE"))) {
            era.open(server);
            for (Map.Entry<String, String> change : CHANGES.entrySet()) {
                server.send(era.toolCall("\"" + change.getKey() + "\"", change.getKey(), change.getValue()));
                JsonNode error = assertError(server.response("\"" + change.getKey() + "\"", 30), INVALID_PARAMS);
                assertTrue(error.toString().contains(change.getKey()), error.toString());
            }
            assertEquals(0, api.getRequestCount(), "no change reached the API");

            api.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                    .body(Fixtures.body("list-page")).build());
            server.send(era.toolCall("\"read\"", ListBatchesTool.NAME, "{}"));
            JsonNode read = assertResult(server.response("\"read\"", 30));
            assertFalse(read.path("isError").asBoolean(false), read.toString());
            assertEquals(1, api.getRequestCount(), "a read still goes through");
        }
    }

    @Test
    void aCountOverTheConfiguredLimitIsRefusedNamingTheVariableAndSendsNothing() throws Exception {
        try (ServerProcess server = new ServerProcess(env("ANCHOR_MAX_BATCH_SIZE", "2"))) {
            server.send(Era.MODERN.toolCall(1, CreateBatchTool.NAME, "{\"count\":3}"));
            JsonNode result = assertResult(server.response("1", 30));
            assertTrue(result.path("isError").asBoolean(), result.toString());
            String text = result.path("content").path(0).path("text").asString();
            assertTrue(text.startsWith("count 3 is over this server's limit of 2 browsers per batch"
                    + " (ANCHOR_MAX_BATCH_SIZE)."), text);
            assertEquals(0, api.getRequestCount());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ANCHOR_READ_ONLY      | yes  | ANCHOR_READ_ONLY must be true or false (got \"yes\")",
        "ANCHOR_READ_ONLY      | 1    | ANCHOR_READ_ONLY must be true or false (got \"1\")",
        "ANCHOR_MAX_BATCH_SIZE | 0    | ANCHOR_MAX_BATCH_SIZE must be from 1 to 1000 (got 0)",
        "ANCHOR_MAX_BATCH_SIZE | 1001 | ANCHOR_MAX_BATCH_SIZE must be from 1 to 1000 (got 1001)",
        "ANCHOR_MAX_BATCH_SIZE | x    | ANCHOR_MAX_BATCH_SIZE must be a whole number from 1 to 1000 (got \"x\")"})
    void aBadValueStopsTheServerAtStartWithOneLineNamingTheVariable(String name, String value, String message)
            throws Exception {
        try (ServerProcess server = new ServerProcess(env(name, value))) {
            assertEquals(2, server.awaitExit(30));
            assertEquals(List.of(), server.allStdout());
            assertEquals("anchor-batch-mcp: " + message, server.stderr().strip());
        }
        assertEquals(0, api.getRequestCount());
    }
}
