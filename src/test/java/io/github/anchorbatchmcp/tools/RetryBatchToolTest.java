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
import io.github.anchorbatchmcp.anchor.RetryOutcome;
import java.util.HashMap;
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

/** retry_failed_batch_sessions's handler against a loopback API: what it sends, what it answers, what it refuses. */
class RetryBatchToolTest {

    private MockAnchor api;

    @BeforeEach
    void start() throws Exception {
        api = new MockAnchor().start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private ToolResult retry(Object batchId, Object maxRetries) {
        Map<String, Object> args = new HashMap<>();
        args.put("batch_id", batchId);
        if (maxRetries != null) {
            args.put("max_retries", maxRetries);
        }
        return new RetryBatchTool(api.client()).call(args, null);
    }

    @Test
    void itPostsToTheRetryPathOnceForEachFailedSessionByDefault() throws Exception {
        api.enqueue(200, Fixtures.body("retry"));
        retry(Fixtures.BATCH, null);
        RecordedRequest request = api.take();
        assertEquals("POST", request.getMethod());
        assertEquals("/v1/batch-sessions/" + Fixtures.BATCH + "/retry", request.getTarget());
        assertEquals(json("{\"retry_failed_only\": true, \"max_retries\": 1}"), body(request));
    }

    @Test
    void maxRetriesIsSentAsGiven() throws Exception {
        api.enqueue(200, Fixtures.body("retry"));
        retry(Fixtures.BATCH, 3);
        assertEquals(json("{\"retry_failed_only\": true, \"max_retries\": 3}"), body(api.take()));
    }

    @Test
    void theResultSaysHowManySessionsAreRetriedAndToWaitAgain() {
        api.enqueue(200, Fixtures.body("retry"));
        ToolResult result = retry(Fixtures.BATCH, 2);

        assertFalse(result.isError(), result::text);
        OutputSchema.assertValid(RetryBatchTool.NAME, result.structuredContent());
        assertEquals(json("""
                {"batch_id": "%s", "status": "processing", "retried_sessions": 2,
                 "message": "Retrying 2 failed sessions",
                 "next_call": {"tool": "wait_for_batch_sessions", "arguments": {"batch_id": "%s"}}}"""
                .formatted(Fixtures.BATCH, Fixtures.BATCH)), JsonMapper.shared().valueToTree(result.structuredContent()));
        assertEquals("Retrying 2 failed sessions of batch " + Fixtures.BATCH + "; the batch is processing again. The"
                + " API said: Retrying 2 failed sessions\nNext: call wait_for_batch_sessions {\"batch_id\":\""
                + Fixtures.BATCH + "\"} to wait for them.", text(result));
    }

    // ---- the documented errors, each the client's own message

    static Stream<Arguments> apiErrors() {
        Operation retry = Operation.retry(Fixtures.ID);
        return Stream.of(
                Arguments.of(MockAnchor.error(400, "No failed sessions to retry"),
                        new RetryOutcome.NothingToRetry(Fixtures.ID, "No failed sessions to retry")),
                Arguments.of(MockAnchor.error(404, "Batch not found"), new CallFailure.NotFound(retry, "Batch not found")),
                Arguments.of(MockAnchor.error(401, "Invalid API key"),
                        new CallFailure.Unauthorized(retry, 401, "Invalid API key")),
                Arguments.of(MockAnchor.error(429, "Too many requests"),
                        new CallFailure.RateLimited(retry, "Too many requests", null, 1)),
                Arguments.of(MockAnchor.error(500, "Internal server error"),
                        new CallFailure.Unconfirmed(retry, "the Anchor API answered HTTP 500: Internal server error")));
    }

    @ParameterizedTest
    @MethodSource("apiErrors")
    void eachDocumentedErrorIsAToolErrorWithTheClientsMessage(MockResponse answer, CallFailure expected) {
        api.server.enqueue(answer);
        ToolResult result = retry(Fixtures.BATCH, null);
        assertTrue(result.isError());
        assertNull(result.structuredContent());
        assertEquals(expected.message(), text(result));
        assertEquals(1, api.server.getRequestCount(), "not sent again");
    }

    @Test
    void nothingToRetrySaysSoAndThatNothingWasRetried() {
        api.enqueueError(400, "No failed sessions to retry");
        String text = text(retry(Fixtures.BATCH, null));
        assertTrue(text.startsWith("Batch " + Fixtures.BATCH + " has no failed sessions to retry (HTTP 400"), text);
        assertTrue(text.contains("Nothing was retried."), text);
    }

    @Test
    void aTimeOutIsAnUnknownOutcomeThatSaysToCheckTheBatchFirst() {
        api.server.enqueue(new MockResponse.Builder(MockAnchor.json(200, Fixtures.body("retry")))
                .headersDelay(3, TimeUnit.SECONDS).build());
        ToolResult result = retry(Fixtures.BATCH, null);
        assertTrue(result.isError());
        assertTrue(text(result).startsWith("Whether the failed sessions of batch " + Fixtures.BATCH + " are being retried"
                + " is unknown: no answer came within 1 second."), result.text());
        assertTrue(result.text().contains("Check the batch with get_batch_session_status"), result.text());
        assertEquals(1, api.server.getRequestCount());
    }

    @Test
    void aResetMidResponseIsAnUnknownOutcomeToo() {
        api.server.enqueue(new MockResponse.Builder(MockAnchor.json(200, Fixtures.body("retry")))
                .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
        ToolResult result = retry(Fixtures.BATCH, null);
        assertTrue(text(result).contains("are being retried is unknown"), result.text());
        assertTrue(result.text().contains("get_batch_session_status"), result.text());
        assertEquals(1, api.server.getRequestCount());
    }

    // ---- refused before any request

    @ParameterizedTest
    @ValueSource(strings = {"0", "4", "-1", "1.5", "\"2\"", "true"})
    void maxRetriesOutsideOneToThreeIsRefusedBeforeAnyRequest(String maxRetries) {
        ToolResult result = retry(Fixtures.BATCH, JsonMapper.shared().readValue(maxRetries, Object.class));
        assertTrue(result.isError());
        assertTrue(text(result).startsWith("max_retries must be a whole number from 1 to 3"), result.text());
        assertEquals(0, api.server.getRequestCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "../../v1/batch-sessions", "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b?x=1"})
    void anInvalidBatchIdIsRefusedBeforeAnyRequest(String batchId) {
        ToolResult result = retry(batchId, null);
        assertTrue(result.isError());
        assertTrue(text(result).startsWith("batch_id must be a UUID"), result.text());
        assertEquals(0, api.server.getRequestCount());
    }

    @Test
    void withoutAKeyNothingIsSentAndTheErrorSaysHowToSetOne() {
        ToolResult result = new RetryBatchTool(api.clientWithoutKey()).call(Map.of("batch_id", Fixtures.BATCH), null);
        assertTrue(result.isError());
        assertEquals(ToolResults.NO_KEY, text(result));
        assertEquals(0, api.server.getRequestCount());
    }
}
