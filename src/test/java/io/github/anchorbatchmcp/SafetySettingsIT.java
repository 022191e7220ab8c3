package io.github.anchorbatchmcp;

import static io.github.anchorbatchmcp.ModernLines.assertError;
import static io.github.anchorbatchmcp.ModernLines.assertResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.anchor.Fixtures;
import io.github.anchorbatchmcp.tools.BrowseTool;
import io.github.anchorbatchmcp.tools.CancelBatchTool;
import io.github.anchorbatchmcp.tools.CreateBatchTool;
import io.github.anchorbatchmcp.tools.ListBatchesTool;
import io.github.anchorbatchmcp.tools.RetryBatchTool;
import io.github.anchorbatchmcp.tools.TaskTool;
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
 * ANCHOR_READ_ONLY, ANCHOR_MAX_BATCH_SIZE and ANCHOR_MAX_DRIVEN_SESSIONS through the built jar: what
 * clients of both eras are served, what reaches the API (counted on a loopback server), and how a bad
 * value stops the start.
 */
class SafetySettingsIT {

    static final String KEY = "sk-safety-4e1a9c";
    static final int INVALID_PARAMS = -32602;
    /** A change for each tool that changes something, as a tools/call's name and arguments. */
    static final Map<String, String> CHANGES = Map.of(
            CreateBatchTool.NAME, "{\"count\":1}",
            CancelBatchTool.NAME, "{\"batch_id\":\"" + Fixtures.BATCH + "\"}",
            RetryBatchTool.NAME, "{\"batch_id\":\"" + Fixtures.BATCH + "\"}",
            TaskTool.NAME, "{\"batch_id\":\"" + Fixtures.BATCH + "\",\"prompt\":\"Find the price\"}");
    /** Browse calls that would open a page: a read-only server only looks. */
    static final List<String> OPENS = List.of(
            "{\"batch_id\":\"" + Fixtures.BATCH + "\",\"url\":\"https://example.com/\"}",
            "{\"batch_id\":\"" + Fixtures.BATCH + "\",\"urls\":[\"https://example.com/\"],\"look\":\"none\"}");

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
    void readOnlyListsTheThreeToolsThatReadAndBrowse(Era era) throws Exception {
        try (ServerProcess server = new ServerProcess(env("ANCHOR_READ_ONLY", "true"))) {
            era.open(server);
            server.send(era.toolsList("\"list\""));
            assertEquals(List.of("get_batch_session_status", "wait_for_batch_sessions", "list_batch_sessions",
                    "browse_batch_sessions"), names(assertResult(server.response("\"list\"", 30)).path("tools")));
        }
    }

    @ParameterizedTest
    @EnumSource(Era.class)
    void readOnlyRefusesEveryChangeAndEveryPageToOpenAndSendsNothing(Era era) throws Exception {
        try (ServerProcess server = new ServerProcess(env("ANCHOR_READ_ONLY", "TRUE"))) {
            era.open(server);
            for (Map.Entry<String, String> change : CHANGES.entrySet()) {
                server.send(era.toolCall("\"" + change.getKey() + "\"", change.getKey(), change.getValue()));
                JsonNode error = assertError(server.response("\"" + change.getKey() + "\"", 30), INVALID_PARAMS);
                assertTrue(error.toString().contains(change.getKey()), error.toString());
            }
            for (int i = 0; i < OPENS.size(); i++) {
                server.send(era.toolCall("\"open" + i + "\"", BrowseTool.NAME, OPENS.get(i)));
                JsonNode refused = assertResult(server.response("\"open" + i + "\"", 30));
                assertTrue(refused.path("isError").asBoolean(), refused.toString());
                assertTrue(refused.path("content").path(0).path("text").asString().startsWith("This server is read-only"
                        + " (ANCHOR_READ_ONLY=true): browse_batch_sessions only looks at the pages as they are, and opens"
                        + " none. Leave url and urls out."), refused.toString());
            }
            assertEquals(0, api.getRequestCount(), "no change reached the API");

            api.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                    .body(Fixtures.body("completed")).build());
            api.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                    .body("[{\"id\":\"P\",\"title\":\"Example Domain\",\"url\":\"https://example.com/\"}]").build());
            api.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "image/png")
                    .body(new okio.Buffer().write(ScriptedAnchor.png(0))).build());
            server.send(era.toolCall("\"look\"", BrowseTool.NAME, "{\"batch_id\":\"" + Fixtures.BATCH
                    + "\",\"sessions\":[0]}"));
            JsonNode looked = assertResult(server.response("\"look\"", 30));
            assertFalse(looked.path("isError").asBoolean(false), looked.toString());
            assertEquals("image", looked.path("content").path(1).path("type").asString(), "looked: " + looked);
            assertTrue(looked.path("structuredContent").path("sessions").path(0).path("opened").isNull());
            List<String> asked = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                mockwebserver3.RecordedRequest r = api.takeRequest();
                asked.add(r.getMethod() + " " + r.getTarget());
            }
            String session = "/v1/sessions/a1b2c3d4-0000-4000-8000-000000000000/";
            assertEquals(List.of("GET /v1/batch-sessions/" + Fixtures.BATCH, "GET " + session + "pages",
                    "GET " + session + "screenshot"), asked, "it only looks: no goto");

            api.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                    .body(Fixtures.body("list-page")).build());
            server.send(era.toolCall("\"read\"", ListBatchesTool.NAME, "{}"));
            JsonNode read = assertResult(server.response("\"read\"", 30));
            assertFalse(read.path("isError").asBoolean(false), read.toString());
            assertEquals(4, api.getRequestCount(), "a read still goes through");
        }
    }

    @Test
    void countsOverTheConfiguredLimitsAreRefusedNamingTheVariableAndSendNothing() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(env("ANCHOR_MAX_BATCH_SIZE", "2"));
        env.put("ANCHOR_MAX_DRIVEN_SESSIONS", "2");
        try (ServerProcess server = new ServerProcess(env)) {
            server.send(Era.MODERN.toolCall(1, CreateBatchTool.NAME, "{\"count\":3}"));
            JsonNode result = assertResult(server.response("1", 30));
            assertTrue(result.path("isError").asBoolean(), result.toString());
            String text = result.path("content").path(0).path("text").asString();
            assertTrue(text.startsWith("count 3 is over this server's limit of 2 browsers per batch"
                    + " (ANCHOR_MAX_BATCH_SIZE)."), text);
            String three = "\"batch_id\":\"" + Fixtures.BATCH + "\",\"sessions\":[0,1,2]";
            server.send(Era.MODERN.toolCall(2, BrowseTool.NAME, "{" + three + "}"));
            server.send(Era.MODERN.toolCall(3, TaskTool.NAME, "{" + three + ",\"prompt\":\"Find the price\"}"));
            for (String id : List.of("2", "3")) {
                JsonNode refused = assertResult(server.response(id, 30));
                assertTrue(refused.path("isError").asBoolean(), refused.toString());
                assertTrue(refused.path("content").path(0).path("text").asString().startsWith("sessions names 3 sessions;"
                        + " one call drives at most 2 (ANCHOR_MAX_DRIVEN_SESSIONS)."), refused.toString());
            }
            assertEquals(0, api.getRequestCount());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ANCHOR_READ_ONLY      | yes  | ANCHOR_READ_ONLY must be true or false (got \"yes\")",
        "ANCHOR_READ_ONLY      | 1    | ANCHOR_READ_ONLY must be true or false (got \"1\")",
        "ANCHOR_MAX_BATCH_SIZE | 0    | ANCHOR_MAX_BATCH_SIZE must be from 1 to 1000 (got 0)",
        "ANCHOR_MAX_BATCH_SIZE | 1001 | ANCHOR_MAX_BATCH_SIZE must be from 1 to 1000 (got 1001)",
        "ANCHOR_MAX_BATCH_SIZE | x    | ANCHOR_MAX_BATCH_SIZE must be a whole number from 1 to 1000 (got \"x\")",
        "ANCHOR_MAX_DRIVEN_SESSIONS | 51 | ANCHOR_MAX_DRIVEN_SESSIONS must be from 1 to 50 (got 51)"})
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
