package io.github.anchorbatchmcp.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.demo.DemoHttp.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The screenshot delay for benchmarks, and the count of requests served at the same time. */
class DemoConcurrencyTest {

    private static final Duration DELAY = Duration.ofMillis(300);

    private final AtomicLong now = new AtomicLong();
    private DemoApi api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aScreenshotWaitsTheDelayGiven() throws Exception {
        api = DemoApi.start(now::get, DELAY);
        DemoHttp http = new DemoHttp(api);
        String session = http.readySessions(DemoBatches.COMPLETED).get(0);
        http.get("/v1/sessions/" + session + "/screenshot"); // the first also loads the PNG encoder: not timed
        long start = System.nanoTime();
        Answer shot = http.get("/v1/sessions/" + session + "/screenshot");
        long took = System.nanoTime() - start;
        assertEquals(200, shot.status());
        assertEquals(900, shot.image().getHeight());
        assertTrue(took >= DELAY.toNanos(), () -> "took " + took / 1_000_000 + " ms");
    }

    @Test
    void tenScreenshotsAtOnceAreServedAtOnce() throws Exception {
        api = DemoApi.start(now::get, DELAY);
        DemoHttp http = new DemoHttp(api);
        List<String> sessions = http.readySessions(DemoBatches.LARGE).subList(0, 10);
        api.resetConcurrency();
        assertEquals(0, api.maxConcurrentRequests());
        List<CompletableFuture<Answer>> shots = new ArrayList<>();
        for (String session : sessions) {
            shots.add(http.sendAsync("GET", "/v1/sessions/" + session + "/screenshot", null, true));
        }
        for (CompletableFuture<Answer> shot : shots) {
            assertEquals(200, shot.get().status());
        }
        int most = api.maxConcurrentRequests();
        assertTrue(most >= 5, () -> most + " at once");
        api.resetConcurrency();
        assertEquals(0, api.maxConcurrentRequests());
        http.get("/v1/sessions/" + sessions.get(0) + "/pages");
        assertTrue(api.maxConcurrentRequests() >= 1); // counted afresh
    }
}
