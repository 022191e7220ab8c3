package io.github.anchorbatchmcp.tools;

import io.github.anchorbatchmcp.anchor.AnchorClient;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the browse and task tests share: a loopback API ({@link MockAnchor}) serving a batch of
 * simulated browsers ({@link FakeBrowsers}, three ready ones until a test serves another batch), and
 * a tool call's arguments for that batch.
 */
abstract class FakeBrowsersTest {

    MockAnchor api;
    FakeBrowsers browsers;

    @BeforeEach
    final void startTheApi() throws Exception {
        api = new MockAnchor().start();
        serve(FakeBrowsers.ready(3));
    }

    @AfterEach
    final void stopTheApi() {
        api.close();
    }

    /** The clock the simulated browsers run on (their tasks end on it). */
    LongSupplier clock() {
        return System::nanoTime;
    }

    void serve(String batchBody) {
        browsers = new FakeBrowsers(batchBody, clock());
        api.server.setDispatcher(browsers);
    }

    /**
     * A 10 s time-out, not MockAnchor's 1 s: on a loaded machine a request can take over a second,
     * and its retry would change the requests these tests count.
     */
    AnchorClient patientClient() {
        return api.client(api.config(Map.of("ANCHOR_TIMEOUT_SECONDS", "10")));
    }

    ToolResult browse(Object... pairs) {
        return new BrowseTool(patientClient(), 10, false).call(args(pairs), null);
    }

    /** The arguments of a call on the served batch: {@code batch_id}, then these names and values. */
    static Map<String, Object> args(Object... pairs) {
        Map<String, Object> args = new HashMap<>();
        args.put("batch_id", FakeBrowsers.BATCH);
        for (int i = 0; i < pairs.length; i += 2) {
            args.put((String) pairs[i], pairs[i + 1]);
        }
        return args;
    }
}
