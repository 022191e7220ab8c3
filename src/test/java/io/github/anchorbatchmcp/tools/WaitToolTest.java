package io.github.anchorbatchmcp.tools;

import io.github.anchorbatchmcp.anchor.Fixtures;
import io.github.anchorbatchmcp.anchor.RetryPolicy;
import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.Config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.demo.DemoApi;
import io.github.anchorbatchmcp.demo.DemoBatches;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * wait_for_batch_sessions against the simulated API, with one clock the test owns: the API's moving
 * batch and the tool's waits both run on it, so no test waits for real time.
 */
class WaitToolTest {

    /** The clock: sleeping advances it, and records how long each pause was. */
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final List<double[]> progress = new CopyOnWriteArrayList<>();
    private final List<String> progressMessages = new CopyOnWriteArrayList<>();
    private DemoApi api;

    @BeforeEach
    void start() throws Exception {
        api = DemoApi.start(now::get);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private WaitTool tool(String baseUrl, String key) {
        Config config = Config.fromEnv(Map.of("ANCHOR_API_KEY", key, "ANCHOR_BASE_URL", baseUrl));
        return new WaitTool(new AnchorClient(config.api(), RetryPolicy.withRetries(0),
                () -> AnchorClient.defaultHttp(config.api()), d -> { }), config.maxListedSessions(), now::get, d -> {
                    pauses.add(d);
                    now.addAndGet(d.toNanos());
                });
    }

    private WaitTool demoTool() {
        return tool(api.baseUrl().toString(), DemoApi.KEY);
    }

    private static Map<String, Object> request(String batchId, Object minReady, Object timeout) {
        Map<String, Object> args = new HashMap<>();
        args.put("batch_id", batchId);
        if (minReady != null) {
            args.put("min_ready", minReady);
        }
        if (timeout != null) {
            args.put("timeout_seconds", timeout);
        }
        return args;
    }

    private ProgressSink recorder() {
        return (p, total, message) -> {
            progress.add(new double[] {p, total == null ? -1 : total});
            progressMessages.add(message);
        };
    }

    private static BatchReport report(ToolResult result) {
        assertFalse(result.isError(), () -> result.text());
        OutputSchema.assertValid(result.structuredContent());
        return assertInstanceOf(BatchReport.class, result.structuredContent());
    }

    private static String text(ToolResult result) {
        return result.text();
    }

    @Test
    void returnsAsSoonAsMinReadyIsReached() {
        ToolResult result = demoTool().call(request(DemoBatches.MOVING, 2, 60), recorder());
        BatchReport r = report(result);
        assertEquals(BatchReport.ENOUGH_READY, r.waitEnded());
        assertTrue(r.counts().ready() >= 2, "enough ready: " + r.counts().ready());
        // The poll before the last came before the second session was ready (5.5 s in): no poll was skipped.
        long beforeLast = pauses.subList(0, pauses.size() - 1).stream().mapToLong(Duration::toMillis).sum();
        assertTrue(beforeLast < 5500, "returned at the first poll that saw 2 ready: " + pauses);
        assertFalse(r.finished());
        assertTrue(text(result).contains("Wait ended: enough sessions are ready.\n"), text(result));
        assertTrue(text(result).contains("call wait_for_batch_sessions again to keep waiting"), text(result));
    }

    @Test
    void returnsWhenTheBatchFinishesWithIncreasingProgress() {
        BatchReport r = report(demoTool().call(request(DemoBatches.MOVING, null, 60), recorder()));
        assertEquals(BatchReport.BATCH_FINISHED, r.waitEnded());
        assertEquals(5, r.counts().ready());
        assertFalse(progress.isEmpty());
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i)[0] > progress.get(i - 1)[0], "progress increases with every notification");
        }
        assertEquals(5.0, progress.get(progress.size() - 1)[0], "the last notification says all 5 settled");
        progress.forEach(p -> assertEquals(5.0, p[1], "total: sessions requested"));
        assertTrue(progressMessages.get(progressMessages.size() - 1).startsWith("ready: 5/5 ready"),
                progressMessages.toString());
        assertTrue(progressMessages.get(0).startsWith("configuring: 1/5 ready"), progressMessages.toString());
    }

    @Test
    void pollsNeverFasterThanOnceASecondAndSlowerOnLongWaits() {
        report(demoTool().call(request(DemoBatches.MOVING, null, 60), null));
        assertFalse(pauses.isEmpty());
        assertEquals(Duration.ofSeconds(1), pauses.get(0));
        for (int i = 0; i < pauses.size(); i++) {
            assertTrue(pauses.get(i).compareTo(Duration.ofSeconds(1)) >= 0, pauses.toString());
            assertTrue(pauses.get(i).compareTo(WaitTool.MAX_INTERVAL) <= 0, pauses.toString());
            if (i > 0) {
                assertTrue(pauses.get(i).compareTo(pauses.get(i - 1)) >= 0, "the interval grows: " + pauses);
            }
        }
    }

    @Test
    void aFailedOrCancelledBatchReturnsAtOnceWithTheReason() {
        BatchReport failed = report(demoTool().call(request(DemoBatches.FAILED, 3, 60), null));
        assertEquals(BatchReport.BATCH_FAILED, failed.waitEnded());
        BatchReport cancelled = report(demoTool().call(request(DemoBatches.CANCELLED, 5, 60), null));
        assertEquals(BatchReport.BATCH_CANCELLED, cancelled.waitEnded());
        assertTrue(pauses.isEmpty(), "no waiting: " + pauses);
    }

    @Test
    void aTimeOutIsANormalResultThatSaysToCallAgain() {
        ToolResult result = demoTool().call(request(DemoBatches.MOVING, null, 3), recorder());
        BatchReport r = report(result);
        assertEquals(BatchReport.TIMED_OUT, r.waitEnded());
        assertEquals(0, r.counts().ready());
        assertTrue(text(result).contains("Wait ended: time-out, before the batch was ready; this is not an error."));
        assertTrue(text(result).contains("call wait_for_batch_sessions again to keep waiting"));
        long waited = pauses.stream().mapToLong(Duration::toMillis).sum();
        assertEquals(3000, waited, "all of timeout_seconds, no more: " + pauses);
        assertTrue(progress.isEmpty(), "nothing settled, so no progress was sent");
    }

    /**
     * The defect this guards against: the interval grew to 5 s while the batch was still moving, so a
     * batch ready at 10.3 s was reported at 13.2 s. Now a wait returns within 2 s of the moment it could.
     */
    @Test
    void aWaitReturnsWithinTwoSecondsOfTheBatchBeingReady() throws Exception {
        long readyAfter = 10_300_000_000L;
        try (MockWebServer api = new MockWebServer()) {
            long started = now.get();
            AtomicInteger polls = new AtomicInteger();
            api.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    long at = now.get() - started;
                    int n = polls.incrementAndGet();
                    String body = at >= readyAfter ? Fixtures.body("completed")
                            : Fixtures.body("processing").replace("\"percentage\": 42.5", "\"percentage\": " + n);
                    return new MockResponse.Builder().code(200).body(body).build();
                }
            });
            api.start();
            BatchReport r = report(tool(api.url("/").toString(), "k").call(request(Fixtures.BATCH, null, 60), null));
            assertEquals(BatchReport.BATCH_FINISHED, r.waitEnded());
            long returnedAt = now.get() - started;
            assertTrue(returnedAt >= readyAfter && returnedAt <= readyAfter + 2_000_000_000L,
                    "returned " + (returnedAt - readyAfter) / 1_000_000 + " ms after the batch was ready: " + pauses);
            pauses.forEach(p -> assertTrue(p.compareTo(WaitTool.MOVING_INTERVAL) <= 0, "moving: " + pauses));
        }
    }

    /** Only a batch that shows no change for a long stretch is polled less often. */
    @Test
    void theIntervalGrowsPastTwoSecondsOnlyAfterALongIdleStretch() {
        AtomicInteger polls = new AtomicInteger();
        try (MockWebServer stuck = stuckApi(polls)) {
            report(tool(stuck.url("/").toString(), "k").call(request(Fixtures.BATCH, null, 120), recorder()));
            long at = 0;
            for (Duration p : pauses) {
                if (at < WaitTool.IDLE_STRETCH.toNanos()) {
                    assertTrue(p.compareTo(WaitTool.MOVING_INTERVAL) <= 0, "before the idle stretch: " + pauses);
                }
                at += p.toNanos();
            }
            assertTrue(pauses.stream().anyMatch(p -> p.compareTo(WaitTool.MOVING_INTERVAL) > 0),
                    "slower polling once idle: " + pauses);
        }
    }

    /** The defect this guards against: a 2 s wait returned after 1 s, skipping the poll due at 2 s. */
    @Test
    void aWaitUsesAllItsTimeWithItsLastPollAtTheDeadline() {
        AtomicInteger polls = new AtomicInteger();
        List<Long> pollTimes = new CopyOnWriteArrayList<>();
        try (MockWebServer stuck = stuckApi(polls)) {
            WaitTool tool = tool(stuck.url("/").toString(), "k");
            long started = now.get();
            stuck.setDispatcher(recordingTimes(stuck, pollTimes));
            BatchReport r = report(tool.call(request(Fixtures.BATCH, null, 2), null));
            assertEquals(BatchReport.TIMED_OUT, r.waitEnded());
            assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), pauses, "1 s, then what is left");
            assertEquals(List.of(started, started + 1_000_000_000L, started + 2_000_000_000L), pollTimes,
                    "polls at 0, 1 and 2 s: the last one at the deadline");
        }
    }

    private Dispatcher recordingTimes(MockWebServer stuck, List<Long> pollTimes) {
        Dispatcher answer = stuck.getDispatcher();
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                pollTimes.add(now.get());
                return answer.dispatch(request);
            }
        };
    }

    @Test
    void withoutAProgressTokenTheWaitIsCappedBelowClientTimeOuts() {
        report(demoTool().call(request(DemoBatches.MOVING, null, 300), null));
        long waitedMs = pauses.stream().mapToLong(Duration::toMillis).sum();
        assertTrue(waitedMs <= 10_000 + WaitTool.MAX_INTERVAL.toMillis(), "the moving batch ends in 10 s: " + pauses);
        // A batch that never ends shows the cap: 300 s asked, 50 s waited without a token, 300 s with one.
        AtomicInteger polls = new AtomicInteger();
        try (MockWebServer stuck = stuckApi(polls)) {
            pauses.clear();
            report(tool(stuck.url("/").toString(), "k").call(request(Fixtures.BATCH, null, 300), null));
            long without = pauses.stream().mapToLong(Duration::toMillis).sum();
            assertEquals(WaitTool.MAX_TIMEOUT * 1000L, without, "capped at " + WaitTool.MAX_TIMEOUT + " s: " + pauses);
            pauses.clear();
            report(tool(stuck.url("/").toString(), "k").call(request(Fixtures.BATCH, null, 300), recorder()));
            long with = pauses.stream().mapToLong(Duration::toMillis).sum();
            assertEquals(300_000, with, "300 s with a progress token: " + pauses);
        }
    }

    @Test
    void honoursRetryAfterWhileWaiting() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        try (MockWebServer api429 = new MockWebServer()) {
            api429.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return polls.incrementAndGet() == 1
                            ? new MockResponse.Builder().code(429).setHeader("Retry-After", "4").build()
                            : new MockResponse.Builder().code(200).body(Fixtures.body("completed")).build();
                }
            });
            api429.start();
            BatchReport r = report(tool(api429.url("/").toString(), "k").call(request(Fixtures.BATCH, null, 30), null));
            assertEquals(BatchReport.BATCH_FINISHED, r.waitEnded());
            assertEquals(List.of(Duration.ofSeconds(4)), pauses);
        }
    }

    @Test
    void anApiErrorEndsTheWaitWithItsMessage() {
        ToolResult result = demoTool().call(request("12345678-1234-4234-8234-123456789012", null, 30), null);
        assertTrue(result.isError());
        assertTrue(text(result).contains("HTTP 404"), text(result));
    }

    @Test
    void cancellingStopsThePolling() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        try (MockWebServer stuck = stuckApi(polls)) {
            Config config = Config.fromEnv(Map.of("ANCHOR_API_KEY", "k", "ANCHOR_BASE_URL", stuck.url("/").toString()));
            WaitTool tool = new WaitTool(AnchorClient.forSettings(config.api()), config.maxListedSessions(), System::nanoTime, d -> {
                throw new InterruptedException("cancelled while waiting");
            });
            ToolResult result = tool.call(request(Fixtures.BATCH, null, 30), null);
            assertTrue(Thread.interrupted(), "the interrupt is kept");
            assertTrue(result.isError());
            assertEquals(1, polls.get(), "no request after the cancellation");
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyRequest() {
        for (Object[] bad : new Object[][] {{0, null}, {2.5, null}, {"3", null}, {null, 0}, {null, 301}, {null, -1}}) {
            ToolResult result = demoTool().call(request(DemoBatches.MOVING, bad[0], bad[1]), null);
            assertTrue(result.isError(), () -> java.util.Arrays.toString(bad));
            assertTrue(text(result).contains("must be a whole number"), text(result));
        }
        assertTrue(text(demoTool().call(request("nope", null, null), null)).startsWith("batch_id must be a UUID"));
    }

    /** An API whose batch is forever processing; counts the polls. */
    private static MockWebServer stuckApi(AtomicInteger polls) {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                polls.incrementAndGet();
                return new MockResponse.Builder().code(200).body(Fixtures.body("processing")
                        .replace("\"status\": \"completed\", \"cdp_url\"", "\"status\": \"processing\", \"x\"")).build();
            }
        });
        try {
            server.start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return server;
    }
}
