package io.github.anchorbatchmcp.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;

/**
 * A loopback API for client tests: a MockWebServer, clients pointed at it that record their waits
 * instead of sleeping, and every failure message they gave, checked for secrets when it closes.
 */
final class LoopbackApi implements AutoCloseable {

    static final String KEY = "sk-test-key-0123456789abcdef";

    final MockWebServer server = new MockWebServer();
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final List<String> messages = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>(List.of(KEY));
    private final List<OkHttpClient> httpClients = new CopyOnWriteArrayList<>();

    /** On 127.0.0.1, which the tests that resolve or reopen it rely on. */
    LoopbackApi start() throws IOException {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        return this;
    }

    /** Also checked absent from every message when closing. */
    void neverSay(String secret) {
        secrets.add(secret);
    }

    String baseUrl() {
        return server.url("/").toString().replaceAll("/$", "");
    }

    /** A client with a 1 s time-out, 2 retries, short waits recorded in {@link #sleeps}. */
    AnchorClient client() {
        return client(baseUrl(), UnaryOperator.identity(), sleeps::add);
    }

    AnchorClient client(String baseUrl, UnaryOperator<OkHttpClient> customise, AnchorClient.Sleeper sleeper) {
        ApiSettings settings = new ApiSettings(URI.create(baseUrl), KEY, Duration.ofSeconds(1), 2, "anchor-batch-mcp/test");
        RetryPolicy fast = new RetryPolicy(2, Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(10));
        return new AnchorClient(settings, fast, () -> tracked(customise.apply(AnchorClient.defaultHttp(settings))), sleeper);
    }

    private OkHttpClient tracked(OkHttpClient http) {
        httpClients.add(http);
        return http;
    }

    /** The message of a failure, recorded to be checked for secrets. */
    String message(Object outcome) {
        String m = ((CallFailure) outcome).message();
        messages.add(m);
        messages.add(outcome.toString());
        return m;
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse apiError(int code, String message) {
        return json(code, "{\"error\": {\"code\": " + code + ", \"message\": \"" + message + "\"}}");
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
        for (String m : messages) {
            for (String secret : secrets) {
                assertFalse(m.contains(secret), m);
            }
        }
        for (OkHttpClient http : httpClients) {
            // A call counts as running until its callback has returned, just after the call has its answer.
            for (int i = 0; i < 200 && http.dispatcher().runningCallsCount() > 0; i++) {
                Thread.sleep(10);
            }
            assertEquals(0, http.dispatcher().runningCallsCount(), "no HTTP call is left running");
            assertEquals(0, http.dispatcher().queuedCallsCount(), "no HTTP call is left waiting");
        }
    }
}
