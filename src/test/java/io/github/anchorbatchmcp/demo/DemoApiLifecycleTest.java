package io.github.anchorbatchmcp.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.anchor.ApiOutcome;
import io.github.anchorbatchmcp.anchor.ApiSettings;
import io.github.anchorbatchmcp.anchor.BatchId;
import io.github.anchorbatchmcp.anchor.BatchList;
import io.github.anchorbatchmcp.anchor.BatchStatus;
import io.github.anchorbatchmcp.anchor.CallFailure;
import io.github.anchorbatchmcp.anchor.CancelOutcome;
import io.github.anchorbatchmcp.anchor.CreateOutcome;
import io.github.anchorbatchmcp.anchor.CreateRequest;
import io.github.anchorbatchmcp.anchor.CreatedBatch;
import io.github.anchorbatchmcp.anchor.ListOutcome;
import io.github.anchorbatchmcp.anchor.ListQuery;
import io.github.anchorbatchmcp.anchor.RetryOutcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator's list, create, cancel and retry, through the real client, on a clock the test moves. */
class DemoApiLifecycleTest {

    static final Instant STARTED = Instant.parse("2026-12-01T10:00:00Z");

    private final AtomicLong now = new AtomicLong();
    private DemoApi api;
    private AnchorClient client;

    @BeforeEach
    void start() throws Exception {
        api = DemoApi.start(now::get, STARTED);
        client = AnchorClient.forSettings(new ApiSettings(api.baseUrl(), DemoApi.KEY, Duration.ofSeconds(5), 0,
                "anchor-batch-mcp/test"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private BatchStatus status(String id) throws InterruptedException {
        return assertInstanceOf(ApiOutcome.Found.class, client.fetch(new BatchId(id))).status();
    }

    private CreatedBatch create(int count) throws InterruptedException {
        return assertInstanceOf(CreateOutcome.Created.class, client.create(new CreateRequest(count))).batch();
    }

    private BatchList list(ListQuery query) throws InterruptedException {
        return assertInstanceOf(ListOutcome.Listed.class, client.list(query)).list();
    }

    private static List<Object> phase(BatchStatus s) {
        long ready = s.sessions().stream().filter(BatchStatus.Session::isReady).count();
        return List.of(s.status(), s.progress().currentPhase(), ready);
    }

    @Test
    void aCreatedBatchGoesFromQueuedToReadyOverTenSecondsFromItsCreation() throws Exception {
        advance(Duration.ofHours(1));
        CreateOutcome outcome = client.create(new CreateRequest(3, null, Map.of("job", "prices")));
        CreatedBatch created = assertInstanceOf(CreateOutcome.Created.class, outcome).batch();
        assertEquals(List.of("pending", 3, "2026-12-01T11:00:00Z"),
                List.of(created.status(), created.totalRequests(), created.createdAt()));
        String id = created.batchId();

        assertEquals(List.of("pending", "queued", 0L), phase(status(id)));
        advance(Duration.ofSeconds(2));
        assertEquals(List.of("processing", "provisioning", 0L), phase(status(id)));
        advance(Duration.ofSeconds(2)); // 4 s
        BatchStatus first = status(id);
        assertEquals(List.of("processing", "configuring", 1L), phase(first));
        BatchStatus.Session ready = first.sessions().get(0);
        assertTrue(ready.cdpUrl().startsWith("wss://connect.anchorbrowser.io?sessionId=" + id.substring(0, 24)));
        assertTrue(ready.liveViewUrl().startsWith("https://live.anchorbrowser.io?sessionId="));
        assertEquals("prices", ready.metadata().get("job"));
        advance(Duration.ofSeconds(3)); // 7 s
        assertEquals(2L, phase(status(id)).get(2));
        advance(Duration.ofSeconds(3)); // 10 s
        BatchStatus done = status(id);
        assertEquals(List.of("completed", "ready", 3L), phase(done));
        assertEquals("2026-12-01T11:00:10Z", done.actualCompletionTime());
    }

    @Test
    void aCreateIsCheckedAsTheApiWould() throws Exception {
        for (int count : List.of(0, 1001)) {
            CallFailure.Rejected rejected = assertInstanceOf(CallFailure.Rejected.class,
                    client.create(new CreateRequest(count)));
            assertEquals(400, rejected.httpStatus());
            assertEquals("Session count must be between 1 and 1000", rejected.apiMessage());
        }
        Map<String, Object> captchaAlone = Map.of("browser", Map.of("captcha_solver", Map.of("active", true)));
        assertEquals("CAPTCHA solver requires proxy to be active", assertInstanceOf(CallFailure.Rejected.class,
                client.create(new CreateRequest(1, captchaAlone, null))).apiMessage());
        Map<String, Object> withProxy = Map.of("browser", Map.of("captcha_solver", Map.of("active", true)),
                "session", Map.of("proxy", Map.of("type", "anchor_proxy", "active", true)));
        assertInstanceOf(CreateOutcome.Created.class, client.create(new CreateRequest(1, withProxy, null)));

        assertEquals(400, raw("POST", "/v1/batch-sessions", "{\"count\": 2").statusCode());
        assertEquals(400, raw("POST", "/v1/batch-sessions", "[2]").statusCode());
        assertEquals(400, raw("PATCH", "/v1/batch-sessions/" + DemoBatches.MOVING, "{\"status\": \"done\"}").statusCode());
    }

    @Test
    void creditRunsOutAfterFiveThousandSessions() throws Exception {
        for (int i = 0; i < 5; i++) {
            create(1000);
        }
        CreateOutcome.InsufficientCredits out = assertInstanceOf(CreateOutcome.InsufficientCredits.class,
                client.create(new CreateRequest(1)));
        assertTrue(out.message().contains("Nothing was created."), out.message());
    }

    @Test
    void aCancelEndsTheSessionsStillStartingAndFreezesTheBatch() throws Exception {
        String id = create(5).batchId();
        advance(Duration.ofSeconds(5)); // one session ready (at 4 s), four still starting
        CancelOutcome.Cancelled cancelled = assertInstanceOf(CancelOutcome.Cancelled.class,
                client.cancel(new BatchId(id)));
        assertEquals(List.of("cancelled", 4), List.of(cancelled.batch().status(), cancelled.batch().cancelledSessions()));
        advance(Duration.ofSeconds(30));
        BatchStatus after = status(id);
        assertEquals(List.of("cancelled", "configuring", 1L), phase(after));
        assertEquals(4, after.sessions().stream().filter(s -> "cancelled".equals(s.status())).count());
        assertEquals("2026-12-01T10:00:05Z", after.actualCompletionTime());

        assertInstanceOf(CancelOutcome.AlreadyOver.class, client.cancel(new BatchId(id)));
        CancelOutcome.AlreadyOver completed = assertInstanceOf(CancelOutcome.AlreadyOver.class,
                client.cancel(new BatchId(DemoBatches.COMPLETED)));
        assertEquals("Batch is already completed and cannot be cancelled", completed.apiMessage());
        assertInstanceOf(CallFailure.NotFound.class, client.cancel(new BatchId("12345678-1234-4234-8234-123456789012")));
    }

    @Test
    void aRetrySetsTheFailedSessionsGoingAgain() throws Exception {
        BatchId partly = new BatchId(DemoBatches.PARTLY_FAILED);
        RetryOutcome.Retrying retrying = assertInstanceOf(RetryOutcome.Retrying.class, client.retry(partly, 2));
        assertEquals(List.of("processing", 3), List.of(retrying.batch().status(), retrying.batch().retriedSessions()));
        BatchStatus going = status(DemoBatches.PARTLY_FAILED);
        assertEquals(List.of("processing", 0, 5), List.of(going.status(), going.failedRequests(), going.completedRequests()));
        advance(Duration.ofSeconds(10));
        BatchStatus done = status(DemoBatches.PARTLY_FAILED);
        assertEquals(List.of("completed", "ready", 8L), phase(done));
        assertEquals(3, done.sessions().get(2).retryCount(), "2 retries before, and this one");

        assertInstanceOf(RetryOutcome.NothingToRetry.class, client.retry(partly, 1));
        assertEquals("No failed sessions to retry", assertInstanceOf(RetryOutcome.NothingToRetry.class,
                client.retry(new BatchId(DemoBatches.COMPLETED), 1)).apiMessage());
        assertInstanceOf(RetryOutcome.Retrying.class, client.retry(new BatchId(DemoBatches.FAILED), 3));
        assertInstanceOf(CallFailure.NotFound.class, client.retry(new BatchId("12345678-1234-4234-8234-123456789012"), 1));
        assertEquals(400, raw("POST", "/v1/batch-sessions/" + DemoBatches.LARGE + "/retry", "{\"max_retries\": 9}")
                .statusCode());
    }

    @Test
    void theListPagesNewestFirstWithTheDocumentedPagination() throws Exception {
        advance(Duration.ofSeconds(1));
        String older = create(2).batchId();
        advance(Duration.ofSeconds(1));
        String newer = create(1).batchId();

        BatchList first = list(ListQuery.NEWEST);
        assertEquals(9, first.batches().size(), "2 created and the 7 demo batches, 20 to a page");
        assertEquals(List.of(newer, older, DemoBatches.MOVING), first.batches().subList(0, 3).stream()
                .map(BatchList.Summary::batchId).toList());
        assertEquals(new BatchList.Pagination(1, 1, 9, false, false), first.pagination());

        BatchList second = list(new ListQuery(null, 2, 4, null, null));
        assertEquals(List.of(DemoBatches.PARTLY_FAILED, DemoBatches.FAILED, DemoBatches.CANCELLED, DemoBatches.LARGE),
                ids(second));
        assertEquals(new BatchList.Pagination(2, 3, 9, true, true), second.pagination());
        assertEquals(new BatchList.Summary(DemoBatches.FAILED, "failed", 4, 0, 4, "2026-11-28T09:00:00Z",
                "2026-11-28T09:00:12Z"), second.batches().get(1));
        assertEquals(List.of(DemoBatches.HUGE), ids(list(new ListQuery(null, 3, 4, null, null))));
        assertNull(list(new ListQuery(null, null, null, STARTED, null)).batches().get(0).actualCompletionTime());
    }

    @Test
    void theListHonoursStatusAndCreationTimeFilters() throws Exception {
        advance(Duration.ofSeconds(1));
        String created = create(2).batchId();
        assertEquals(List.of(DemoBatches.FAILED), ids(list(new ListQuery("failed", null, null, null, null))));
        assertEquals(List.of(created, DemoBatches.MOVING), ids(list(new ListQuery("pending", null, null, null, null))));
        assertEquals(List.of(created), ids(list(new ListQuery(null, null, null, STARTED, null))));
        assertEquals(7, ids(list(new ListQuery(null, null, null, null, STARTED))).size());
        assertEquals(List.of(), ids(list(new ListQuery(null, 3, null, null, null))));

        ListOutcome.UnexpectedStatus bad = assertInstanceOf(ListOutcome.UnexpectedStatus.class,
                client.list(new ListQuery("finished", null, null, null, null)));
        assertEquals(400, bad.httpStatus());
        assertTrue(bad.apiMessage().startsWith("Invalid status"), bad.apiMessage());
        assertEquals(400, raw("GET", "/v1/batch-sessions?limit=500", null).statusCode());
        assertEquals(400, raw("GET", "/v1/batch-sessions?created_after=yesterday", null).statusCode());
    }

    private static List<String> ids(BatchList list) {
        return list.batches().stream().map(BatchList.Summary::batchId).toList();
    }

    /** A request the client would never send: malformed bodies and out-of-range queries. */
    private HttpResponse<String> raw(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                .header("anchor-api-key", DemoApi.KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
