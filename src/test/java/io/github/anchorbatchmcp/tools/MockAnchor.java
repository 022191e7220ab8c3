package io.github.anchorbatchmcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.anchorbatchmcp.Config;
import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.anchor.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A MockWebServer standing in for the Anchor API, and the client the tools use, built from an
 * environment as Main builds it: a 1 s time-out and the default two retries (so a change sent once
 * had the budget to be sent again), waits between retries recorded instead of slept.
 */
final class MockAnchor implements AutoCloseable {

    static final String KEY = "sk-test-key-0123456789abcdef";

    final MockWebServer server = new MockWebServer();
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    MockAnchor start() throws IOException {
        server.start();
        return this;
    }

    /** The configuration for {@code overrides} on top of the key, this server and a 1 s time-out; "" unsets. */
    Config config(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of("ANCHOR_API_KEY", KEY, "ANCHOR_BASE_URL",
                server.url("/").toString(), "ANCHOR_TIMEOUT_SECONDS", "1"));
        env.putAll(overrides);
        return Config.fromEnv(env);
    }

    AnchorClient client(Config config) {
        return new AnchorClient(config.api(), RetryPolicy.withRetries(config.maxRetries()),
                () -> AnchorClient.defaultHttp(config.api()), sleeps::add);
    }

    AnchorClient client() {
        return client(config(Map.of()));
    }

    /** A client without a key. */
    AnchorClient clientWithoutKey() {
        return client(config(Map.of("ANCHOR_API_KEY", "")));
    }

    void enqueue(int code, String body) {
        server.enqueue(json(code, body));
    }

    /** The API's error body: {@code {"error": {"code": …, "message": …}}}. */
    void enqueueError(int code, String message) {
        server.enqueue(error(code, message));
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse error(int code, String message) {
        return json(code, "{\"error\": {\"code\": " + code + ", \"message\": \"" + message + "\"}}");
    }

    /** The next request the API received; asserts it carried the key and asked for JSON. */
    RecordedRequest take() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(request, "a request reached the API");
        assertEquals(KEY, request.getHeaders().get("anchor-api-key"));
        assertEquals("application/json", request.getHeaders().get("Accept"));
        return request;
    }

    /** A request body as JSON, after checking that it was sent as JSON. */
    static JsonNode body(RecordedRequest request) {
        assertEquals("application/json", request.getHeaders().get("Content-Type"));
        return JsonMapper.shared().readTree(request.getBody().utf8());
    }

    static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text);
    }

    /** The text of a result, which never holds the key. */
    static String text(ToolResult result) {
        assertFalse(result.text().contains(KEY), result.text());
        return result.text();
    }

    @Override
    public void close() {
        server.close();
    }
}
