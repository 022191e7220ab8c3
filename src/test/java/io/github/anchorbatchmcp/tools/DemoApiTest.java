package io.github.anchorbatchmcp.tools;

import io.github.anchorbatchmcp.anchor.BatchId;
import io.github.anchorbatchmcp.anchor.ApiOutcome;
import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.Config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.demo.DemoApi;
import io.github.anchorbatchmcp.demo.DemoBatches;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated API, through the real HTTP client and the tool, with a clock the test moves. */
class DemoApiTest {

    private final AtomicLong now = new AtomicLong();
    private DemoApi api;
    private BatchStatusTool tool;

    @BeforeEach
    void start() throws Exception {
        api = DemoApi.start(now::get);
        Config config = Config.fromEnv(Map.of()).withApi(api.baseUrl(), DemoApi.KEY);
        tool = new BatchStatusTool(AnchorClient.forSettings(config.api()), config.maxListedSessions());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private BatchReport report(String id) {
        ToolResult result = tool.call(Map.of("batch_id", id), null);
        assertFalse(result.isError(), () -> result.text());
        OutputSchema.assertValid(result.structuredContent());
        return assertInstanceOf(BatchReport.class, result.structuredContent());
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void theMovingBatchGoesFromQueuedToReadyOverTenSecondsFromTheFirstRequest() {
        advance(Duration.ofHours(1)); // time before the first request does not count
        BatchReport r = report(DemoBatches.MOVING);
        assertEquals(List.of("pending", "queued", 0), List.of(r.status(), r.progress().phase(), r.counts().ready()));
        advance(Duration.ofSeconds(2));
        r = report(DemoBatches.MOVING);
        assertEquals(List.of("processing", "provisioning", 0), List.of(r.status(), r.progress().phase(), r.counts().ready()));
        assertEquals(BatchReport.WAIT, r.nextStep());
        advance(Duration.ofMillis(2500)); // 4.5 s
        r = report(DemoBatches.MOVING);
        assertEquals(List.of("processing", "configuring", 1), List.of(r.status(), r.progress().phase(), r.counts().ready()));
        assertEquals(BatchReport.USE_READY_SESSIONS, r.nextStep());
        advance(Duration.ofMillis(3000)); // 7.5 s
        assertEquals(3, report(DemoBatches.MOVING).counts().ready());
        advance(Duration.ofMillis(2500)); // 10 s
        r = report(DemoBatches.MOVING);
        assertEquals(List.of("completed", "ready", 5), List.of(r.status(), r.progress().phase(), r.counts().ready()));
        assertTrue(r.finished());
        assertEquals(100.0, r.progress().percentage());
    }

    @Test
    void theSettledBatchesShowWhatTheySay() {
        BatchReport completed = report(DemoBatches.COMPLETED);
        assertEquals(3, completed.readySessions().size());
        assertEquals("price-check", completed.readySessions().get(0).metadata().get("task"));
        assertTrue(completed.readySessions().get(0).liveViewUrl().startsWith("https://live.anchorbrowser.io"));

        BatchReport partly = report(DemoBatches.PARTLY_FAILED);
        assertEquals(5, partly.counts().ready());
        assertEquals(List.of(new BatchReport.FailureReason("Proxy connection refused", 2),
                new BatchReport.FailureReason("Browser crashed during startup", 1)), partly.failureReasons());
        assertEquals(3, partly.failedSessions().get(2).retryCount());

        BatchReport failed = report(DemoBatches.FAILED);
        assertEquals(BatchReport.GIVE_UP, failed.nextStep());
        assertTrue(failed.error().startsWith("Concurrent session limit reached"));

        BatchReport cancelled = report(DemoBatches.CANCELLED);
        assertEquals("cancelled", cancelled.status());
        assertEquals(2, cancelled.counts().ready());
        assertEquals(4, cancelled.failedSessions().size());

        BatchReport large = report(DemoBatches.LARGE);
        assertEquals(1000, large.counts().total());
        assertEquals(990, large.counts().ready());
        assertEquals(Config.DEFAULT_MAX_LISTED_SESSIONS, large.readySessions().size());
        assertEquals(990 - Config.DEFAULT_MAX_LISTED_SESSIONS, large.readySessionsNotListed());
        assertEquals(10, large.failureReasons().get(0).count());
    }

    @Test
    void anUnknownBatchIs404AndAWrongKey401() throws Exception {
        ToolResult unknown = tool.call(Map.of("batch_id", "12345678-1234-4234-8234-123456789012"), null);
        assertTrue(unknown.isError());
        assertTrue(unknown.text().contains("HTTP 404: Batch not found"));

        Config wrongKey = Config.fromEnv(Map.of()).withApi(api.baseUrl(), "not-the-demo-key");
        ApiOutcome outcome = AnchorClient.forSettings(wrongKey.api()).fetch(new BatchId(DemoBatches.COMPLETED));
        assertEquals(new ApiOutcome.Unauthorized(401, "Invalid API key"), outcome);
    }
}
