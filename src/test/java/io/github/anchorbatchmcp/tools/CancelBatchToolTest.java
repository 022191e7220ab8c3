package io.github.anchorbatchmcp.tools;

import static io.github.anchorbatchmcp.tools.MockAnchor.body;
import static io.github.anchorbatchmcp.tools.MockAnchor.json;
import static io.github.anchorbatchmcp.tools.MockAnchor.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.anchor.CallFailure;
import io.github.anchorbatchmcp.anchor.CancelOutcome;
import io.github.anchorbatchmcp.anchor.Fixtures;
import io.github.anchorbatchmcp.anchor.Operation;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
                 "message": "Batch cancelled successfully"}""".formatted(Fixtures.BATCH)),
                JsonMapper.shared().valueToTree(result.structuredContent()));
        assertEquals("Cancelled batch " + Fixtures.BATCH + ": 3 running sessions terminated. The API said: Batch"
                + " cancelled successfully", text(result));
    }

    @Test
    void aCancelThatTerminatedOneSessionSaysSessionInTheSingular() {
        api.enqueue(200, "{\"data\": {\"batch_id\": \"" + Fixtures.BATCH + "\", \"status\": \"cancelled\","
                + " \"cancelled_sessions\": 1}}");
        ToolResult result = cancel(Fixtures.BATCH);
        assertEquals("Cancelled batch " + Fixtures.BATCH + ": 1 running session terminated.", text(result));
        OutputSchema.assertValid(CancelBatchTool.NAME, result.structuredContent());
    }

    // ---- the documented errors, each the client's own message

    static Stream<Arguments> apiErrors() {
        Operation cancel = Operation.cancel(Fixtures.ID);
        return Stream.of(
                Arguments.of(MockAnchor.error(409, "Batch already completed"),
                        new CancelOutcome.AlreadyOver(Fixtures.ID, "Batch already completed")),
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

    /** Cancelling a batch that has ended is a mistake of no consequence: the message says nothing changed. */
    @Test
    void aBatchAlreadyOverIsAClearErrorThatRaisesNoAlarm() {
        api.enqueueError(409, "Batch already completed");
        String text = text(cancel(Fixtures.BATCH));
        assertTrue(text.startsWith("Batch " + Fixtures.BATCH + " is already over (HTTP 409: Batch already completed)"),
                text);
        assertTrue(text.contains("it was not changed"), text);
        assertTrue(text.contains("get_batch_session_status shows how it ended"), text);
        for (String alarming : new String[] {"unknown", "may have reached", "failed unexpectedly", "again"}) {
            assertFalse(text.contains(alarming), alarming + ": " + text);
        }
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
