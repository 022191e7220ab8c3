package io.github.anchorbatchmcp.tools;

import static io.github.anchorbatchmcp.tools.MockAnchor.body;
import static io.github.anchorbatchmcp.tools.MockAnchor.json;
import static io.github.anchorbatchmcp.tools.MockAnchor.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.anchor.CallFailure;
import io.github.anchorbatchmcp.anchor.Fixtures;
import io.github.anchorbatchmcp.anchor.Operation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** cancel_batch_sessions's handler against a loopback API: what it sends, what it answers, what it refuses. */
class CancelBatchToolTest {

    private MockAnchor api;

    @BeforeEach
    void start() throws Exception {
        api = new MockAnchor().start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private ToolResult cancel(Object batchId) {
        return new CancelBatchTool(api.client()).call(batchId == null ? Map.of() : Map.of("batch_id", batchId), null);
    }

    @Test
    void itPatchesTheBatchToCancelled() throws Exception {
        api.enqueue(200, Fixtures.body("cancel"));
        cancel(Fixtures.BATCH);
        RecordedRequest request = api.take();
        assertEquals("PATCH", request.getMethod());
        assertEquals("/v1/batch-sessions/" + Fixtures.BATCH, request.getTarget());
        assertEquals(json("{\"status\": \"cancelled\"}"), body(request));
    }

    @Test
    void anUpperCaseIdIsForgivenAndSentInLowerCase() throws Exception {
        api.enqueue(200, Fixtures.body("cancel"));
        cancel(" " + Fixtures.BATCH.toUpperCase() + " ");
        assertEquals("/v1/batch-sessions/" + Fixtures.BATCH, api.take().getTarget());
    }

    @Test
    void theResultSaysHowManyRunningSessionsWereTerminatedAndFitsTheSchema() {
        api.enqueue(200, Fixtures.body("cancel"));
        ToolResult result = cancel(Fixtures.BATCH);

        assertFalse(result.isError(), result::text);
        OutputSchema.assertValid(CancelBatchTool.NAME, result.structuredContent());
        assertEquals(json("""
                {"batch_id": "%s", "status": "cancelled", "cancelled_sessions": 3,
                 "message": "Batch cancelled successfully", "ended_sessions": 0, "already_ended": 0,
                 "not_ended": [], "not_ended_not_listed": 0}""".formatted(Fixtures.BATCH)),
                JsonMapper.shared().valueToTree(result.structuredContent()));
        assertEquals("Cancelled batch " + Fixtures.BATCH + ": 3 running sessions terminated; billing has stopped for"
                + " them. The API said: Batch cancelled successfully", text(result));
        assertEquals(1, api.server.getRequestCount(), "a batch cancelled needs no session ended one by one");
    }

    @Test
    void aCancelThatTerminatedOneSessionSaysSessionInTheSingular() {
        api.enqueue(200, "{\"data\": {\"batch_id\": \"" + Fixtures.BATCH + "\", \"status\": \"cancelled\","
                + " \"cancelled_sessions\": 1}}");
        ToolResult result = cancel(Fixtures.BATCH);
        assertEquals("Cancelled batch " + Fixtures.BATCH + ": 1 running session terminated; billing has stopped for"
                + " them.", text(result));
        OutputSchema.assertValid(CancelBatchTool.NAME, result.structuredContent());
    }

    // ---- the documented errors, each the client's own message

    static Stream<Arguments> apiErrors() {
        Operation cancel = Operation.cancel(Fixtures.ID);
        return Stream.of(
                Arguments.of(MockAnchor.error(404, "Batch not found"), new CallFailure.NotFound(cancel, "Batch not found")),
                Arguments.of(MockAnchor.error(401, "Invalid API key"),
                        new CallFailure.Unauthorized(cancel, 401, "Invalid API key")),
                Arguments.of(MockAnchor.error(429, "Too many requests"),
                        new CallFailure.RateLimited(cancel, "Too many requests", null, 1)),
                Arguments.of(MockAnchor.error(500, "Internal server error"),
                        new CallFailure.Unconfirmed(cancel, "the Anchor API answered HTTP 500: Internal server error")));
    }

    @ParameterizedTest
    @MethodSource("apiErrors")
    void eachDocumentedErrorIsAToolErrorWithTheClientsMessage(MockResponse answer, CallFailure expected) {
        api.server.enqueue(answer);
        ToolResult result = cancel(Fixtures.BATCH);
        assertTrue(result.isError());
        assertNull(result.structuredContent());
        assertEquals(expected.message(), text(result));
        assertEquals(1, api.server.getRequestCount(), "not sent again");
    }

    // ---- a batch already over (409): each of its running sessions is ended instead

    private static final String OVER = FakeBrowsers.BATCH;

    /** A batch over, its items as {@code states} says: "running" (completed, with a browser), "failed", "gone". */
    private static String over(String status, String... states) {
        StringBuilder sessions = new StringBuilder();
        for (int i = 0; i < states.length; i++) {
            String id = FakeBrowsers.sessionId(i);
            sessions.append(i == 0 ? "" : ",").append("{\"item_index\": ").append(i).append(", \"session_id\": \"")
                    .append(id).append("\", ").append(states[i].equals("failed")
                            ? "\"status\": \"failed\", \"error\": \"Browser crashed during startup\"}"
                            : "\"status\": \"completed\", \"cdp_url\": \"wss://connect.anchorbrowser.io?sessionId=" + id
                                    + "\"}");
        }
        return "{\"data\": {\"batch_id\": \"" + OVER + "\", \"status\": \"" + status + "\", \"total_requests\": "
                + states.length + ", \"sessions\": [" + sessions + "]}}";
    }

    /** The API for a batch over: the PATCH answers 409, the batch is {@code batch}, each DELETE 200 unless told. */
    private FakeBrowsers overApi(String batch) {
        FakeBrowsers browsers = new FakeBrowsers(batch, System::nanoTime)
                .answer("PATCH", "/v1/batch-sessions/" + OVER, MockAnchor.error(409, "Batch already completed"));
        api.server.setDispatcher(browsers);
        return browsers;
    }

    private static String delete(int item) {
        return "DELETE /v1/sessions/" + FakeBrowsers.sessionId(item);
    }

    @Test
    void aCompletedBatchHasEachOfItsRunningSessionsEndedOneByOne() throws Exception {
        overApi(over("completed", "running", "failed", "running", "running", "failed"));
        ToolResult result = cancel(OVER);

        assertFalse(result.isError(), result::text);
        OutputSchema.assertValid(CancelBatchTool.NAME, result.structuredContent());
        List<RecordedRequest> requests = BrowseToolTest.requests(api);
        assertEquals("PATCH /v1/batch-sessions/" + OVER, line(requests.get(0)));
        assertEquals("GET /v1/batch-sessions/" + OVER, line(requests.get(1)));
        List<String> deletes = requests.subList(2, requests.size()).stream().map(CancelBatchToolTest::line).sorted()
                .toList();
        assertEquals(List.of(delete(0), delete(2), delete(3)), deletes, "one DELETE per running session, none for"
                + " the failed ones");
        requests.subList(2, requests.size()).forEach(r -> assertEquals(0, r.getBodySize()));
        assertEquals(json("""
                {"batch_id": "%s", "status": "completed", "cancelled_sessions": null,
                 "message": "Batch already completed", "ended_sessions": 3, "already_ended": 0,
                 "not_ended": [], "not_ended_not_listed": 0}""".formatted(OVER)),
                JsonMapper.shared().valueToTree(result.structuredContent()));
        assertEquals("Batch " + OVER + " is already completed, so it cannot be cancelled (HTTP 409); its 3 browsers"
                + " were ended one by one instead: 3 ended now, 0 had already ended. Billing has stopped for the 3 that"
                + " ended.", text(result));
    }

    private static String line(RecordedRequest r) {
        return r.getMethod() + " " + r.getTarget();
    }

    @Test
    void aSessionAlreadyGoneCountsAsAlreadyEnded() throws Exception {
        overApi(over("completed", "running", "running", "running"))
                .answer("DELETE", "/v1/sessions/" + FakeBrowsers.sessionId(1), MockAnchor.error(404, "Session not found"));
        ToolResult result = cancel(OVER);
        assertFalse(result.isError(), result::text);
        OutputSchema.assertValid(CancelBatchTool.NAME, result.structuredContent());
        CancelBatchTool.Cancelled c = (CancelBatchTool.Cancelled) result.structuredContent();
        assertEquals(2, c.endedSessions());
        assertEquals(1, c.alreadyEnded());
        assertEquals(List.of(), c.notEnded());
        assertTrue(text(result).contains("2 ended now, 1 had already ended. Billing has stopped for the 3 that ended."),
                result.text());
        assertEquals(1, BrowseToolTest.requests(api).stream().filter(r -> line(r).equals(delete(1))).count(),
                "a 404 is an answer, not retried");
    }

    @Test
    void aSessionThatCouldNotBeEndedIsListedAndTheTextSaysCallingAgainRetriesIt() throws Exception {
        overApi(over("completed", "running", "running", "running"))
                .answer("DELETE", "/v1/sessions/" + FakeBrowsers.sessionId(2), MockAnchor.error(500, "Internal server error"));
        ToolResult result = cancel(OVER);
        assertFalse(result.isError(), result::text);
        OutputSchema.assertValid(CancelBatchTool.NAME, result.structuredContent());
        CancelBatchTool.Cancelled c = (CancelBatchTool.Cancelled) result.structuredContent();
        assertEquals(2, c.endedSessions());
        assertEquals(List.of(new CancelBatchTool.NotEnded(2, FakeBrowsers.sessionId(2),
                "the Anchor API failed (HTTP 500: Internal server error, 3 attempts)")), c.notEnded());
        assertEquals(0, c.notEndedNotListed());
        assertTrue(text(result).contains("2 ended now, 0 had already ended, 1 could not be ended."), result.text());
        assertTrue(result.text().contains("\n- item 2 (session " + FakeBrowsers.sessionId(2) + "): the Anchor API failed"
                + " (HTTP 500"), result.text());
        assertTrue(result.text().endsWith("\nCall cancel_batch_sessions again to try those again: ending a session is"
                + " safe to repeat."), result.text());
        assertEquals(3, BrowseToolTest.requests(api).stream().filter(r -> line(r).equals(delete(2))).count(),
                "DELETE is idempotent: retried like a read");
    }

    @Test
    void whenNoRunningSessionCouldBeEndedTheCallIsAnError() throws Exception {
        overApi(over("completed", "running", "running"))
                .answer(r -> r.getMethod().equals("DELETE") ? MockAnchor.error(500, "Internal server error") : null);
        ToolResult result = cancel(OVER);
        assertTrue(result.isError());
        assertTrue(text(result).contains("0 ended now, 0 had already ended, 2 could not be ended."), result.text());
        assertFalse(result.text().contains("Billing has stopped"), result.text());
        assertTrue(result.text().contains("Call cancel_batch_sessions again to try those again"), result.text());
    }

    @Test
    void aBatchOverWhoseSessionsCannotBeListedIsAnErrorThatSaysNothingWasEnded() throws Exception {
        overApi(over("completed", "running")).answer("GET", "/v1/batch-sessions/" + OVER,
                MockAnchor.error(500, "Internal server error"));
        ToolResult result = cancel(OVER);
        assertTrue(result.isError());
        assertNull(result.structuredContent());
        assertTrue(text(result).startsWith("Batch " + OVER + " is already over (HTTP 409), so it cannot be cancelled,"
                + " and its sessions could not be listed to end them one by one: "), result.text());
        assertTrue(result.text().endsWith(" Nothing was ended; calling cancel_batch_sessions again is safe."),
                result.text());
        List<String> sent = BrowseToolTest.requests(api).stream().map(CancelBatchToolTest::line).toList();
        assertEquals(1, sent.stream().filter(l -> l.startsWith("PATCH")).count(), "the PATCH is never sent twice");
        assertTrue(sent.stream().noneMatch(l -> l.startsWith("DELETE")), sent.toString());
    }

    @Test
    void aBatchOverWithNoRunningSessionSaysNothingIsBilled() throws Exception {
        overApi(over("failed", "failed", "failed"));
        ToolResult result = cancel(OVER);
        assertFalse(result.isError(), result::text);
        OutputSchema.assertValid(CancelBatchTool.NAME, result.structuredContent());
        assertEquals("Batch " + OVER + " is already failed, so it cannot be cancelled (HTTP 409), and it has no running"
                + " browser to end: nothing is billed for it.", text(result));
        CancelBatchTool.Cancelled c = (CancelBatchTool.Cancelled) result.structuredContent();
        assertEquals(0, c.endedSessions());
        assertEquals(0, c.alreadyEnded());
        assertEquals(List.of("PATCH /v1/batch-sessions/" + OVER, "GET /v1/batch-sessions/" + OVER),
                BrowseToolTest.requests(api).stream().map(CancelBatchToolTest::line).toList());
    }

    @Test
    void past20FailuresTheRestAreCountedNotListed() {
        String[] states = new String[26];
        java.util.Arrays.fill(states, "running");
        overApi(over("completed", states)).answer(r -> r.getMethod().equals("DELETE")
                && !r.getTarget().endsWith(FakeBrowsers.sessionId(0)) ? MockAnchor.error(500, "Internal server error") : null);
        ToolResult result = cancel(OVER);
        assertFalse(result.isError(), result::text);
        OutputSchema.assertValid(CancelBatchTool.NAME, result.structuredContent());
        CancelBatchTool.Cancelled c = (CancelBatchTool.Cancelled) result.structuredContent();
        assertEquals(1, c.endedSessions());
        assertEquals(CancelBatchTool.MAX_LISTED_FAILURES, c.notEnded().size());
        assertEquals(25 - CancelBatchTool.MAX_LISTED_FAILURES, c.notEndedNotListed());
        assertTrue(text(result).contains("1 ended now, 0 had already ended, 25 could not be ended."), result.text());
    }

    @Test
    void sessionsAreEndedInParallelAtMost20AtOnce() throws Exception {
        String[] states = new String[45];
        java.util.Arrays.fill(states, "running");
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch twenty = new CountDownLatch(CancelBatchTool.ENDING_PARALLEL);
        overApi(over("completed", states)).answer(r -> {
            if (!r.getMethod().equals("DELETE")) {
                return null;
            }
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            twenty.countDown();
            try {
                twenty.await(20, TimeUnit.SECONDS); // the first twenty meet: that many were in flight at once
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return MockAnchor.json(200, "{\"data\": {\"status\": \"terminated\"}}");
        });
        ToolResult result = new CancelBatchTool(api.client(api.config(Map.of("ANCHOR_TIMEOUT_SECONDS", "60"))))
                .call(Map.of("batch_id", OVER), null);
        assertFalse(result.isError(), result::text);
        assertEquals(45, ((CancelBatchTool.Cancelled) result.structuredContent()).endedSessions());
        assertEquals(20, most.get(), "bounded at 20, and that many at once");
        assertEquals(45, BrowseToolTest.requests(api).stream().filter(r -> r.getMethod().equals("DELETE"))
                .map(RecordedRequest::getTarget).distinct().count(), "each session once");
    }

    @Test
    void aTimeOutIsAnUnknownOutcomeThatSaysToCheckTheBatchFirst() {
        api.server.enqueue(new MockResponse.Builder(MockAnchor.json(200, Fixtures.body("cancel")))
                .headersDelay(3, TimeUnit.SECONDS).build());
        ToolResult result = cancel(Fixtures.BATCH);
        assertTrue(result.isError());
        assertTrue(text(result).startsWith("Whether batch " + Fixtures.BATCH + " was cancelled is unknown: no answer"
                + " came within 1 second."), result.text());
        assertTrue(result.text().contains("Check the batch with get_batch_session_status before cancelling it again"),
                result.text());
        assertEquals(1, api.server.getRequestCount());
    }

    @Test
    void aResetMidResponseIsAnUnknownOutcomeToo() {
        api.server.enqueue(new MockResponse.Builder(MockAnchor.json(200, Fixtures.body("cancel")))
                .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
        ToolResult result = cancel(Fixtures.BATCH);
        assertTrue(text(result).startsWith("Whether batch " + Fixtures.BATCH + " was cancelled is unknown"),
                result.text());
        assertTrue(result.text().contains("get_batch_session_status"), result.text());
        assertEquals(1, api.server.getRequestCount());
    }

    // ---- refused before any request

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "../../v1/sessions", "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b/retry", ""})
    void anInvalidBatchIdIsRefusedBeforeAnyRequest(String batchId) {
        ToolResult result = cancel(batchId);
        assertTrue(result.isError());
        assertTrue(text(result).startsWith("batch_id must be a UUID"), result.text());
        assertEquals(0, api.server.getRequestCount());
    }

    @Test
    void aBatchIdOfTheWrongTypeOrNoneIsRefusedBeforeAnyRequest() {
        assertTrue(text(cancel(42)).startsWith("batch_id must be a string"));
        assertTrue(text(cancel(null)).startsWith("batch_id is required"));
        assertEquals(0, api.server.getRequestCount());
    }

    @Test
    void withoutAKeyNothingIsSentAndTheErrorSaysHowToSetOne() {
        ToolResult result = new CancelBatchTool(api.clientWithoutKey()).call(Map.of("batch_id", Fixtures.BATCH), null);
        assertTrue(result.isError());
        assertEquals(ToolResults.NO_KEY, text(result));
        assertEquals(0, api.server.getRequestCount());
    }
}
