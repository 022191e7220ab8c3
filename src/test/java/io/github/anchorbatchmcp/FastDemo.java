package io.github.anchorbatchmcp;

import io.github.anchorbatchmcp.demo.DemoApi;
import java.io.IOException;
import java.util.Map;

/** The demo's simulated API in the test's own process, for servers started with {@link #env}. */
final class FastDemo {

    private FastDemo() {
    }

    /** Its moving batch at four times its speed: a wait for it takes about 2.5 s instead of 10. */
    static DemoApi start() throws IOException {
        long start = System.nanoTime();
        return DemoApi.start(() -> start + (System.nanoTime() - start) * 4);
    }

    /** The server's environment for {@code api}. */
    static Map<String, String> env(DemoApi api) {
        return Map.of("ANCHOR_API_KEY", DemoApi.KEY, "ANCHOR_BASE_URL", api.baseUrl().toString());
    }
}
