package io.github.anchorbatchmcp;

import io.github.anchorbatchmcp.demo.DemoApi;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

/** The demo's simulated API in the test's own process, for servers started with {@link #env}. */
final class FastDemo {

    private FastDemo() {
    }

    /** Its moving batch at four times its speed: a wait for it takes about 2.5 s instead of 10. */
    static DemoApi start() throws IOException {
        return start(4);
    }

    /**
     * Its clock at {@code speed} times real time: at 1,000, a batch created is ready within 10 ms and an
     * AI task (3 s) is over in 3 ms.
     */
    static DemoApi start(long speed) throws IOException {
        long start = System.nanoTime();
        return DemoApi.start(() -> start + (System.nanoTime() - start) * speed);
    }

    /** The server's environment for {@code api}. */
    static Map<String, String> env(DemoApi api) {
        return Map.of("ANCHOR_API_KEY", DemoApi.KEY, "ANCHOR_BASE_URL", api.baseUrl().toString());
    }

    /**
     * A clock for {@code DemoApi.start(clock)} that stands still until {@link #release}, then runs at
     * four times real time until it reaches {@code stop} past its start, and stands still there. A
     * batch created before the release starts exactly at the start, and never gets past the stop: a
     * test can have it stop short of finishing, whenever the test's calls happen to arrive.
     */
    static final class HeldClock implements LongSupplier {
        private final long start = System.nanoTime();
        private volatile boolean released;
        private volatile long releasedAt;
        private volatile long stop;

        void release(Duration stop) {
            this.stop = stop.toNanos();
            this.releasedAt = System.nanoTime();
            this.released = true;
        }

        @Override
        public long getAsLong() {
            return released ? start + Math.min((System.nanoTime() - releasedAt) * 4, stop) : start;
        }
    }
}
