package io.github.anchorbatchmcp.tools;

import static io.github.anchorbatchmcp.tools.BrowseToolTest.of;
import static io.github.anchorbatchmcp.tools.BrowseToolTest.ok;
import static io.github.anchorbatchmcp.tools.BrowseToolTest.requests;
import static io.github.anchorbatchmcp.tools.FakeBrowsers.BATCH;
import static io.github.anchorbatchmcp.tools.FakeBrowsers.sessionId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.Config;
import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.anchor.RetryPolicy;
import io.github.anchorbatchmcp.demo.DemoApi;
import io.github.anchorbatchmcp.demo.DemoBatches;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * browse_batch_sessions when things go wrong: one session's failure stays in its entry while the
 * others are served, the call is an error only when nothing could be done; and how it runs: sessions
 * in parallel, and a cancelled call cancels its requests.
 */
class BrowseFailuresTest extends FakeBrowsersTest {

    private static String target(String session, String op) {
        return "/v1/sessions/" + session + "/" + op;
    }

    /** Items 0 and 2 were served in full: opened, a tile each, no error. */
    private static void theOthersWereServed(BrowseResult r) {
        for (int i : new int[] {0, 2}) {
            BrowseResult.Session s = r.sessions().get(i);
            assertNull(s.error(), "item " + i + ": " + s.error());
            assertTrue(r.contactSheet().tiles().stream().anyMatch(t -> t.itemIndex() == i), "a tile for item " + i);
        }
    }

    // ---- one session fails, the others are served

    @Test
    void aSessionThatHasEndedIsReportedInItsEntryAndAskedNothingMore() throws Exception {
        browsers.answer("POST", target(sessionId(1), "goto"), MockAnchor.error(404, "Session not found"));
        ToolResult result = browse("url", "https://a.example/", "look", "both");
        BrowseResult r = ok(result);

        BrowseResult.Session ended = r.sessions().get(1);
        assertEquals(Boolean.FALSE, ended.opened());
        assertEquals("open: the session has ended (HTTP 404: Session not found)", ended.error());
        assertNull(ended.text());
        assertEquals(List.of("POST " + target(sessionId(1), "goto")), of(requests(api), sessionId(1)),
                "nothing more is asked of an ended session");
        theOthersWereServed(r);
        assertEquals(2, r.contactSheet().tiles().size());
        assertTrue(result.text().contains("1 session reports an error below; the others were served."), result.text());
        assertTrue(result.text().contains("opened the page in 2 of 3"), result.text());
    }

    @Test
    void aScreenshotThatFailsAfterItsRetriesIsThatSessionsError() throws Exception {
        browsers.answer("GET", target(sessionId(1), "screenshot"), MockAnchor.error(500, "Internal server error"));
        BrowseResult r = ok(browse("url", "https://a.example/", "look", "both"));

        BrowseResult.Session failed = r.sessions().get(1);
        assertEquals("screenshot: the Anchor API failed (HTTP 500: Internal server error, 3 attempts)", failed.error());
        assertEquals(Boolean.TRUE, failed.opened(), "what worked is still reported");
        assertTrue(failed.text().contains("https://a.example/"), "and the text was still read");
        List<String> asked = of(requests(api), sessionId(1));
        assertEquals(3, asked.stream().filter(a -> a.endsWith("/screenshot")).count(), "a read is retried twice");
        assertEquals(List.of(0, 2), r.contactSheet().tiles().stream().map(BrowseResult.Tile::itemIndex).toList(),
                "one tile per session that had a screenshot");
        theOthersWereServed(r);
    }

    static Stream<Arguments> notImages() {
        return Stream.of(
                Arguments.of(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
                        .body("<html><body>Session expired</body></html>").build(),
                        "screenshot: the Anchor API answered HTTP 200 with a text/html body, not an image"),
                Arguments.of(FakeBrowsers.png(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4, 5, 6, 7, 8}),
                        "screenshot: the Anchor API's answer is not an image"),
                Arguments.of(FakeBrowsers.png("GIF89a but not really".getBytes()),
                        "screenshot: the Anchor API's answer is not an image"));
    }

    @ParameterizedTest
    @MethodSource("notImages")
    void aScreenshotThatIsNotAnImageIsThatSessionsError(MockResponse answer, String error) {
        browsers.answer("GET", target(sessionId(1), "screenshot"), answer);
        ToolResult result = browse("url", "https://a.example/");
        BrowseResult r = ok(result);
        assertTrue(r.sessions().get(1).error().startsWith(error), r.sessions().get(1).error());
        assertEquals(List.of(0, 2), r.contactSheet().tiles().stream().map(BrowseResult.Tile::itemIndex).toList());
        theOthersWereServed(r);
        assertTrue(result.image() != null, "the sheet of the others");
    }

    @Test
    void aTimeOutIsThatSessionsError() throws Exception {
        browsers.answer("GET", target(sessionId(1), "pages"), new MockResponse.Builder(MockAnchor.json(200, "[]"))
                .headersDelay(3, TimeUnit.SECONDS).build());
        BrowseResult r = ok(new BrowseTool(api.client(), 10, false).call(args("url", "https://a.example/"), null));
        String error = r.sessions().get(1).error();
        assertTrue(error.startsWith("pages: no answer within 1 second (3 attempts)"), error);
        assertEquals(Boolean.TRUE, r.sessions().get(1).opened());
        theOthersWereServed(r);
    }

    @Test
    void aSessionIdThatIsNotAUuidIsNeverPutInAPath() throws Exception {
        serve(FakeBrowsers.ready(3).replace("\"session_id\":\"" + sessionId(1) + "\"",
                "\"session_id\":\"../../v1/batch-sessions\""));
        BrowseResult r = ok(browse("url", "https://a.example/"));
        assertEquals("the API gave this session no usable session id", r.sessions().get(1).error());
        assertEquals(Boolean.FALSE, r.sessions().get(1).opened());
        List<RecordedRequest> requests = requests(api);
        assertTrue(requests.stream().noneMatch(q -> q.getTarget().contains("..")), "no request for it");
        assertEquals(1 + 2 * 3, requests.size());
        theOthersWereServed(r);
    }

    // ---- an error only when nothing could be done

    @Test
    void anUnknownBatchIsAnError() throws Exception {
        browsers.answer("GET", "/v1/batch-sessions/" + BATCH, MockAnchor.error(404, "Batch not found"));
        ToolResult result = browse("url", "https://a.example/");
        assertTrue(result.isError());
        assertNull(result.image());
        assertTrue(result.text().contains("HTTP 404"), result.text());
        assertEquals(1, requests(api).size());
    }

    @Test
    void aBatchWithNoReadyBrowserYetSaysToWaitFirst() throws Exception {
        serve(FakeBrowsers.batch("processing", "processing", "pending", "failed"));
        ToolResult result = browse();
        assertTrue(result.isError());
        assertTrue(result.text().startsWith("No browser of batch " + BATCH + " is ready yet (status processing)."
                + " Nothing was done: wait first, with wait_for_batch_sessions {\"batch_id\":\"" + BATCH
                + "\",\"min_ready\":1}"), result.text());
        assertEquals(1, requests(api).size());
    }

    @Test
    void aBatchOverWithoutAReadyBrowserSaysToCreateAnother() {
        serve(FakeBrowsers.batch("failed", "failed", "failed"));
        ToolResult result = browse();
        assertTrue(result.isError());
        assertTrue(result.text().contains("has no ready browser to drive (status failed)"), result.text());
        assertTrue(result.text().contains("create_batch_sessions"), result.text());
    }

    @Test
    void whenEverySessionFailsTheCallIsAnErrorThatStillSaysWhatEachGot() {
        browsers.answer(r -> r.getTarget().endsWith("/goto") ? MockAnchor.error(404, "Session not found") : null);
        ToolResult result = browse("url", "https://a.example/", "look", "both");
        assertTrue(result.isError());
        assertNull(result.image());
        assertTrue(result.text().startsWith("Nothing could be done in any of the 3 sessions of batch " + BATCH + "."),
                result.text());
        for (int i = 0; i < 3; i++) {
            assertTrue(result.text().contains("- item " + i + " (session " + sessionId(i) + "): "), result.text());
        }
        assertEquals(3, result.text().split("error: open: the session has ended \\(HTTP 404", -1).length - 1,
                result.text());
        assertFalse(result.text().contains("the others were served"), "there are no others: " + result.text());
    }

    @Test
    void lookNoneWithoutUrlSaysWhereEachBrowserIsAndIsNoError() throws Exception {
        ToolResult result = browse("look", "none");
        BrowseResult r = ok(result);
        for (BrowseResult.Session s : r.sessions()) {
            assertEquals(FakeBrowsers.START_URL, s.url());
            assertEquals("Title of " + FakeBrowsers.START_URL, s.title());
            assertNull(s.error());
        }
        assertEquals(1 + 3, requests(api).size(), "the pages of each, nothing else");
    }

    @Test
    void withoutAKeyNothingIsSent() {
        ToolResult result = new BrowseTool(api.clientWithoutKey(), 10, false).call(args(), null);
        assertTrue(result.isError());
        assertEquals(ToolResults.NO_KEY, result.text());
        assertEquals(0, api.server.getRequestCount());
    }

    // ---- sessions at once, and cancellation

    @Test
    void tenSessionsAreDrivenInParallel() throws Exception {
        try (DemoApi demo = DemoApi.start(System::nanoTime, Duration.ofMillis(300))) {
            Config config = Config.fromEnv(Map.of("ANCHOR_API_KEY", DemoApi.KEY, "ANCHOR_BASE_URL",
                    demo.baseUrl().toString()));
            BrowseTool tool = new BrowseTool(new AnchorClient(config.api(), RetryPolicy.withRetries(0),
                    () -> AnchorClient.defaultHttp(config.api()), d -> { }), 10, false);
            Map<String, Object> args = args("sessions", IntStream.range(0, 10).boxed().toList());
            args.put("batch_id", DemoBatches.LARGE);
            ToolResult result = tool.call(args, null);
            BrowseResult r = ok(result);
            assertEquals(10, r.contactSheet().tiles().size());
            assertTrue(demo.maxConcurrentRequests() >= 5, "requests in flight at once: " + demo.maxConcurrentRequests());
        }
    }

    /**
     * A screenshot whose answer never ends: its headers and the start of a PNG, then a byte now and
     * then. It says when it has begun, and when the client closed the connection (a write failed).
     */
    private static MockResponse stalling(CountDownLatch begun, CountDownLatch closed) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "image/png").body(new MockResponseBody() {
            @Override
            public long getContentLength() {
                return 1_000_000;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                try {
                    sink.write(new Buffer().write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}),
                            8);
                    sink.flush();
                    begun.countDown();
                    for (int i = 0; i < 60_000; i++) {
                        Thread.sleep(10);
                        sink.writeByte(0);
                        sink.flush();
                    }
                } catch (IOException e) {
                    closed.countDown();
                    throw e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }).build();
    }

    @Test
    void cancellingTheCallCancelsTheRequestsInFlight() throws Exception {
        CountDownLatch begun = new CountDownLatch(3);
        CountDownLatch closed = new CountDownLatch(3);
        browsers.answer(r -> r.getTarget().endsWith("/screenshot") ? stalling(begun, closed) : null);
        // A time-out far beyond the test's own waits: only the cancellation can end these requests.
        BrowseTool tool = new BrowseTool(api.client(api.config(Map.of("ANCHOR_TIMEOUT_SECONDS", "120"))), 10, false);

        AtomicReference<ToolResult> result = new AtomicReference<>();
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread call = new Thread(() -> {
            result.set(tool.call(args("url", "https://a.example/", "look", "both"), null));
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        call.start();
        assertTrue(begun.await(20, TimeUnit.SECONDS), "the three screenshots are being answered");
        call.interrupt();
        call.join(20_000);
        assertFalse(call.isAlive(), "the call returned");

        assertTrue(result.get().isError());
        assertEquals("Browsing batch " + BATCH + " was cancelled.", result.get().text());
        assertTrue(interruptKept.get(), "the interrupt is kept for the caller");
        assertTrue(closed.await(20, TimeUnit.SECONDS), "every stalled request's connection was closed by the client");
        List<RecordedRequest> requests = requests(api);
        assertEquals(1 + 3 * 3, requests.size(), "batch, then goto, pages and screenshot each; no text was asked for");
        assertTrue(requests.stream().noneMatch(q -> q.getTarget().startsWith("/v1/tools/fetch-webpage")));
    }
}
