package io.github.anchorbatchmcp.tools;

import static io.github.anchorbatchmcp.tools.MockAnchor.json;
import static io.github.anchorbatchmcp.tools.MockAnchor.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.anchor.CallFailure;
import io.github.anchorbatchmcp.anchor.Fixtures;
import io.github.anchorbatchmcp.anchor.ListOutcome;
import io.github.anchorbatchmcp.anchor.Operation;
import java.util.HashMap;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** list_batch_sessions's handler against a loopback API: the query it sends, the page it answers, what it refuses. */
class ListBatchesToolTest {

    static final String EMPTY_PAGE = """
            {"data": {"batches": [], "pagination": {"current_page": 1, "total_pages": 0, "total_records": 0,
             "has_next": false, "has_prev": false}}}""";

    private MockAnchor api;

    @BeforeEach
    void start() throws Exception {
        api = new MockAnchor().start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private ListBatchesTool tool() {
        return new ListBatchesTool(api.client());
    }

    private static Map<String, Object> args(Object... pairs) {
        Map<String, Object> args = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            args.put((String) pairs[i], pairs[i + 1]);
        }
        return args;
    }

    @Test
    void everyFilterGoesIntoTheQueryTimesInUtc() throws Exception {
        api.enqueue(200, EMPTY_PAGE);
        tool().call(args("status", "failed", "page", 2, "limit", 50, "created_after", "2026-11-28T10:00:00+01:00",
                "created_before", "2026-11-30T00:00:00Z"), null);
        RecordedRequest request = api.take();
        assertEquals("GET", request.getMethod());
        assertEquals("/v1/batch-sessions?status=failed&page=2&limit=50&created_after=2026-11-28T09%3A00%3A00Z"
                + "&created_before=2026-11-30T00%3A00%3A00Z", request.getTarget());
    }

    @Test
    void noFiltersSendNoQuery() throws Exception {
        api.enqueue(200, EMPTY_PAGE);
        tool().call(Map.of(), null);
        assertEquals("/v1/batch-sessions", api.take().getTarget());
    }

    @Test
    void aPageIsListedNewestFirstWithWhereItStandsAndFitsTheSchema() {
        api.enqueue(200, Fixtures.body("list-page"));
        ToolResult result = tool().call(Map.of(), null);

        assertFalse(result.isError(), result::text);
        OutputSchema.assertValid(ListBatchesTool.NAME, result.structuredContent());
        assertEquals(json("""
                {"batches": [
                  {"batch_id": "9a8b7c6d-0000-4000-8000-000000000002", "status": "processing", "total": 10,
                   "completed": 4, "failed": 1, "created_at": "2026-11-28T11:00:00Z", "ended_at": null},
                  {"batch_id": "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b", "status": "completed", "total": 3,
                   "completed": 3, "failed": 0, "created_at": "2026-11-28T10:00:00Z",
                   "ended_at": "2026-11-28T10:00:12Z"}],
                 "page": 2, "total_pages": 3, "total_batches": 12, "has_next": true}"""),
                JsonMapper.shared().valueToTree(result.structuredContent()));
        assertEquals("""
                Batches, newest first (page 2 of 3, 12 in all):
                - 9a8b7c6d-0000-4000-8000-000000000002: processing, 4/10 created, 1 failed, created 2026-11-28T11:00:00Z
                - 6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b: completed, 3/3 created, created 2026-11-28T10:00:00Z
                More on page 3.""", text(result));
    }

    @Test
    void anEmptyPageSaysNothingMatches() {
        api.enqueue(200, EMPTY_PAGE);
        ToolResult result = tool().call(args("status", "cancelled"), null);
        assertFalse(result.isError());
        assertEquals("No batches match.", text(result));
        OutputSchema.assertValid(ListBatchesTool.NAME, result.structuredContent());
    }

    @Test
    void aPageWithoutPaginationStillFitsTheSchema() {
        api.enqueue(200, "{\"data\": {\"batches\": [{\"batch_id\": \"" + Fixtures.BATCH + "\"}]}}");
        ToolResult result = tool().call(Map.of(), null);
        assertFalse(result.isError(), result::text);
        OutputSchema.assertValid(ListBatchesTool.NAME, result.structuredContent());
        assertTrue(text(result).startsWith("Batches, newest first:\n- " + Fixtures.BATCH + ": "), result.text());
    }

    // ---- the documented errors: a list changes nothing, so the client retried it where that may help

    @Test
    void a401IsAToolErrorWithTheClientsMessage() {
        api.enqueueError(401, "Invalid API key");
        ToolResult result = tool().call(Map.of(), null);
        assertTrue(result.isError());
        assertNull(result.structuredContent());
        assertEquals(new CallFailure.Unauthorized(Operation.LIST, 401, "Invalid API key").message(), text(result));
        assertEquals(1, api.server.getRequestCount(), "a rejected key is not retried");
    }

    @Test
    void a500IsRetriedAndThenAToolErrorWithTheClientsMessage() {
        for (int i = 0; i < 3; i++) {
            api.enqueueError(500, "Internal server error");
        }
        ToolResult result = tool().call(Map.of(), null);
        assertTrue(result.isError());
        assertEquals(new ListOutcome.ServerError(500, "Internal server error", 3).message(), text(result));
        assertEquals(3, api.server.getRequestCount(), "a read is tried again, twice by default");
    }

    @Test
    void a429IsRetriedAndThenAToolErrorThatSaysToWait() {
        for (int i = 0; i < 3; i++) {
            api.enqueueError(429, "Too many requests");
        }
        ToolResult result = tool().call(Map.of(), null);
        assertTrue(result.isError());
        assertEquals(new CallFailure.RateLimited(Operation.LIST, "Too many requests", null, 3).message(), text(result));
    }

    // ---- refused before any request

    @ParameterizedTest
    @ValueSource(strings = {"finished", "Failed", "", "running"})
    void aStatusOutsideTheEnumIsRefusedBeforeAnyRequest(String status) {
        ToolResult result = tool().call(args("status", status), null);
        assertTrue(result.isError());
        assertTrue(text(result).startsWith("status must be one of pending, processing, completed, failed or"
                + " cancelled (got \"" + status + "\")"), result.text());
        assertEquals(0, api.server.getRequestCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"created_after", "created_before"})
    void aTimeThatIsNotAnIso8601DateTimeIsRefusedBeforeAnyRequest(String name) {
        for (Object bad : new Object[] {"yesterday", "2026-11-28", "2026-11-28T10:00:00", "28/11/2026 10:00", 1764320400}) {
            ToolResult result = tool().call(args(name, bad), null);
            assertTrue(result.isError(), bad + ": " + result.text());
            assertTrue(text(result).startsWith(name + " must be"), result.text());
        }
        assertEquals(0, api.server.getRequestCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"page=0", "page=-1", "page=1.5", "page=\"2\"", "limit=0", "limit=101", "limit=\"20\"",
        "status=3"})
    void aPageOrLimitOutOfRangeOrOfTheWrongTypeIsRefusedBeforeAnyRequest(String assignment) {
        String name = assignment.substring(0, assignment.indexOf('='));
        Object value = JsonMapper.shared().readValue(assignment.substring(name.length() + 1), Object.class);
        ToolResult result = tool().call(args(name, value), null);
        assertTrue(result.isError());
        assertTrue(text(result).startsWith(name + " must be"), result.text());
        assertEquals(0, api.server.getRequestCount());
    }

    @Test
    void withoutAKeyNothingIsSentAndTheErrorSaysHowToSetOne() {
        ToolResult result = new ListBatchesTool(api.clientWithoutKey()).call(Map.of(), null);
        assertTrue(result.isError());
        assertEquals(ToolResults.NO_KEY, text(result));
        assertEquals(0, api.server.getRequestCount());
    }
}
