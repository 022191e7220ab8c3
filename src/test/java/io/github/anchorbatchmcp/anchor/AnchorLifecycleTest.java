package io.github.anchorbatchmcp.anchor;

import static io.github.anchorbatchmcp.anchor.LoopbackApi.apiError;
import static io.github.anchorbatchmcp.anchor.LoopbackApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** List, create, cancel and retry against a loopback server: what each sends, and each documented answer. */
class AnchorLifecycleTest {

    private LoopbackApi api;

    @BeforeEach
    void start() throws Exception {
        api = new LoopbackApi().start();
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    private static JsonNode body(RecordedRequest request) {
        return ResponseParser.JSON.readTree(request.getBody().utf8());
    }

    private static void assertSentJson(RecordedRequest request, String method, String path) {
        assertEquals(method, request.getMethod());
        assertEquals(path, request.getTarget());
        assertEquals(LoopbackApi.KEY, request.getHeaders().get("anchor-api-key"));
        assertEquals("application/json", request.getHeaders().get("Content-Type"));
        assertEquals("application/json", request.getHeaders().get("Accept"));
    }

    @Test
    void listSendsOnlyTheFiltersGivenEncoded() throws Exception {
        api.server.enqueue(json(200, Fixtures.body("list-page")));
        api.server.enqueue(json(200, Fixtures.body("list-page")));
        api.client().list(new ListQuery("failed", 2, 50, Instant.parse("2026-11-28T09:00:00Z"),
                Instant.parse("2026-11-29T00:00:00Z")));
        api.client().list(new ListQuery("pending&limit=1 x", null, null, null, null));

        RecordedRequest all = api.server.takeRequest();
        assertEquals("GET", all.getMethod());
        assertEquals(LoopbackApi.KEY, all.getHeaders().get("anchor-api-key"));
        assertEquals("/v1/batch-sessions?status=failed&page=2&limit=50&created_after=2026-11-28T09%3A00%3A00Z"
                + "&created_before=2026-11-29T00%3A00%3A00Z", all.getTarget());
        assertEquals("2026-11-28T09:00:00Z", all.getUrl().queryParameter("created_after"));
        RecordedRequest odd = api.server.takeRequest();
        assertEquals("/v1/batch-sessions?status=pending%26limit%3D1%20x", odd.getTarget());
        assertEquals("pending&limit=1 x", odd.getUrl().queryParameter("status"));
        assertNull(odd.getUrl().queryParameter("limit"));
    }

    @Test
    void listWithoutFiltersHasNoQueryAndReadsEveryDocumentedField() throws Exception {
        api.server.enqueue(json(200, Fixtures.body("list-page")));
        ListOutcome.Listed listed = assertInstanceOf(ListOutcome.Listed.class, api.client().list(ListQuery.NEWEST));
        assertEquals("/v1/batch-sessions", api.server.takeRequest().getTarget());

        assertEquals(2, listed.list().batches().size(), "a null item is dropped");
        assertEquals(new BatchList.Summary("9a8b7c6d-0000-4000-8000-000000000002", "processing", 10, 4, 1,
                "2026-11-28T11:00:00Z", null), listed.list().batches().get(0));
        assertEquals("2026-11-28T10:00:12Z", listed.list().batches().get(1).actualCompletionTime());
        assertEquals(new BatchList.Pagination(2, 3, 12, true, true), listed.list().pagination());
    }

    @Test
    void listFailuresAreTheReadOnesAndRetried() throws Exception {
        api.server.enqueue(apiError(401, "Invalid API key"));
        assertTrue(api.message(api.client().list(ListQuery.NEWEST)).startsWith(
                "The Anchor API rejected the API key (HTTP 401: Invalid API key). Set a valid key in ANCHOR_API_KEY"));
        for (int i = 0; i < 3; i++) {
            api.server.enqueue(apiError(500, "Internal server error"));
        }
        ListOutcome failed = api.client().list(ListQuery.NEWEST);
        assertEquals("The Anchor API failed on its side while listing batches (HTTP 500: Internal server error,"
                + " 3 attempts). Try again in a minute.", api.message(failed));
        api.server.enqueue(json(200, "{\"data\": {\"batches\": {}}}"));
        assertEquals(new ListOutcome.BadResponse(200, "field data.batches has the wrong type"),
                api.client().list(ListQuery.NEWEST));
        assertEquals(5, api.server.getRequestCount());
    }

    @Test
    void aQueryOutsideTheDocumentedRangesIsRefusedBeforeAnyRequest() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ListQuery(null, 0, null, null, null))
                .getMessage().startsWith("page must be 1 or more"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ListQuery(null, null, 101, null, null))
                .getMessage().startsWith("limit must be between 1 and 100"));
        assertThrows(IllegalArgumentException.class, () -> new ListQuery(" ", null, null, null, null));
    }

    @Test
    void createPostsTheBodyAsJsonAndReadsTheNewBatch() throws Exception {
        api.server.enqueue(json(201, Fixtures.body("created")));
        Map<String, Object> configuration = Map.of("session", Map.of("initial_url", "https://example.com",
                "recording", Map.of("active", false)), "browser", Map.of("headless", Map.of("active", true)));
        CreateOutcome outcome = api.client().create(new CreateRequest(5, configuration, Map.of("job", "prices")));

        CreatedBatch created = assertInstanceOf(CreateOutcome.Created.class, outcome).batch();
        assertEquals(new CreatedBatch("7b2d3e4f-1a2b-4c3d-8e9f-0a1b2c3d4e5f", "pending", 5, "2026-11-28T12:00:00Z"),
                created);
        RecordedRequest request = api.server.takeRequest();
        assertSentJson(request, "POST", "/v1/batch-sessions");
        assertEquals(ResponseParser.JSON.readTree("""
                {"count": 5, "configuration": {"session": {"initial_url": "https://example.com",
                 "recording": {"active": false}}, "browser": {"headless": {"active": true}}},
                 "metadata": {"job": "prices"}}"""), body(request));
    }

    @Test
    void createWithoutConfigurationSendsTheCountAlone() throws Exception {
        api.server.enqueue(json(200, Fixtures.body("created")));
        api.client().create(new CreateRequest(1));
        assertEquals(ResponseParser.JSON.readTree("{\"count\": 1}"), body(api.server.takeRequest()));
    }

    @Test
    void createRefusalsSayNothingWasCreated() throws Exception {
        api.server.enqueue(apiError(400, "Session count must be between 1 and 1000"));
        api.server.enqueue(apiError(402, "Insufficient credits"));
        api.server.enqueue(apiError(401, "Invalid API key"));
        api.server.enqueue(apiError(429, "Too many requests"));
        AnchorClient client = api.client();
        CreateRequest request = new CreateRequest(1001);

        CreateOutcome rejected = client.create(request);
        assertEquals("The Anchor API refused to create the batch (HTTP 400: Session count must be between 1 and 1000)."
                + " Nothing was created. Change the request as the message says before trying again; sent unchanged it"
                + " will be refused the same way.", api.message(assertInstanceOf(CallFailure.Rejected.class, rejected)));
        CreateOutcome broke = client.create(request);
        assertEquals("The Anchor API refused to create the batch because the account has no credit left (HTTP 402:"
                + " Insufficient credits). Nothing was created. Add credit to the Anchor Browser account before creating"
                + " a batch; calling again will be refused the same way until then.",
                api.message(assertInstanceOf(CreateOutcome.InsufficientCredits.class, broke)));
        assertTrue(api.message(assertInstanceOf(CallFailure.Unauthorized.class, client.create(request)))
                .startsWith("The Anchor API rejected the API key (HTTP 401: Invalid API key). Nothing was created."));
        assertEquals("The Anchor API is limiting the request rate (HTTP 429: Too many requests, 1 attempt). Nothing"
                + " was created. Wait a few seconds before calling again.",
                api.message(assertInstanceOf(CallFailure.RateLimited.class, client.create(request))));
        assertEquals(4, api.server.getRequestCount(), "none was sent twice");
        assertTrue(api.sleeps.isEmpty());
    }

    @Test
    void cancelPatchesTheStatusAndReadsHowManySessionsEnded() throws Exception {
        api.server.enqueue(json(200, Fixtures.body("cancel")));
        CancelOutcome outcome = api.client().cancel(Fixtures.ID);
        assertEquals(new CancelledBatch(Fixtures.BATCH, "cancelled", 3, "Batch cancelled successfully"),
                assertInstanceOf(CancelOutcome.Cancelled.class, outcome).batch());
        RecordedRequest request = api.server.takeRequest();
        assertSentJson(request, "PATCH", "/v1/batch-sessions/" + Fixtures.BATCH);
        assertEquals(ResponseParser.JSON.readTree("{\"status\": \"cancelled\"}"), body(request));
    }

    @Test
    void cancellingAnEndedOrUnknownBatchSaysSo() throws Exception {
        api.server.enqueue(apiError(409, "Batch is already completed"));
        api.server.enqueue(apiError(404, "Batch not found"));
        AnchorClient client = api.client();
        assertEquals("Batch " + Fixtures.BATCH + " is already over (HTTP 409: Batch is already completed): it was"
                + " completed, failed or cancelled before, so there was nothing to cancel and it was not changed."
                + " get_batch_session_status shows how it ended.",
                api.message(assertInstanceOf(CancelOutcome.AlreadyOver.class, client.cancel(Fixtures.ID))));
        assertTrue(api.message(assertInstanceOf(CallFailure.NotFound.class, client.cancel(Fixtures.ID))).startsWith(
                "No batch " + Fixtures.BATCH + " was found for this API key (HTTP 404: Batch not found). The batch was"
                + " not cancelled. Check the id"));
        assertEquals(2, api.server.getRequestCount());
    }

    @Test
    void retryPostsTheFailedOnlyRequestAndReadsHowManyAreRetried() throws Exception {
        api.server.enqueue(json(200, Fixtures.body("retry")));
        RetryOutcome outcome = api.client().retry(Fixtures.ID, 2);
        assertEquals(new RetriedBatch(Fixtures.BATCH, "processing", 2, "Retrying 2 failed sessions"),
                assertInstanceOf(RetryOutcome.Retrying.class, outcome).batch());
        RecordedRequest request = api.server.takeRequest();
        assertSentJson(request, "POST", "/v1/batch-sessions/" + Fixtures.BATCH + "/retry");
        assertEquals(ResponseParser.JSON.readTree("{\"retry_failed_only\": true, \"max_retries\": 2}"), body(request));
    }

    @Test
    void retryingABatchWithNothingFailedOrUnknownSaysSo() throws Exception {
        api.server.enqueue(apiError(400, "No failed sessions to retry"));
        api.server.enqueue(apiError(404, "Batch not found"));
        AnchorClient client = api.client();
        assertEquals("Batch " + Fixtures.BATCH + " has no failed sessions to retry (HTTP 400: No failed sessions to"
                + " retry). Nothing was retried. get_batch_session_status shows its sessions; for more browsers, create"
                + " a new batch.", api.message(assertInstanceOf(RetryOutcome.NothingToRetry.class,
                        client.retry(Fixtures.ID, 1))));
        assertTrue(api.message(assertInstanceOf(CallFailure.NotFound.class, client.retry(Fixtures.ID, 1)))
                .contains("(HTTP 404: Batch not found). No session was retried."));
        assertEquals(2, api.server.getRequestCount());
    }

    @Test
    void aRetryCountOutsideOneToThreeIsRefusedBeforeAnyRequest() {
        for (int n : List.of(0, 4)) {
            assertThrows(IllegalArgumentException.class, () -> api.client().retry(Fixtures.ID, n));
        }
        assertEquals(0, api.server.getRequestCount());
    }

    @Test
    void changesUseTheSameKeyHeaderAndUserAgentAsReads() throws Exception {
        api.server.enqueue(new MockResponse.Builder(json(200, Fixtures.body("cancel"))).build());
        api.client().cancel(Fixtures.ID);
        RecordedRequest request = api.server.takeRequest();
        assertEquals("anchor-batch-mcp/test", request.getHeaders().get("User-Agent"));
        assertEquals(1, request.getHeaders().values("anchor-api-key").size());
    }
}
