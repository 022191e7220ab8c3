package io.github.anchorbatchmcp.anchor;

import static io.github.anchorbatchmcp.anchor.LoopbackApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What OkHttp does by itself with the shared client's settings ({@code retryOnConnectionFailure(false)}),
 * which is why {@link Resend} does more for changes. If OkHttp changes, these say so.
 */
class AnchorOkHttpFindingsTest {

    private LoopbackApi api;
    private OkHttpClient shared;

    @BeforeEach
    void start() throws Exception {
        api = new LoopbackApi().start();
        shared = AnchorClient.defaultHttp(new ApiSettings(URI.create(api.baseUrl()), LoopbackApi.KEY,
                Duration.ofSeconds(1), 0, "test"));
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    private Request post() {
        return new Request.Builder().url(api.server.url("/v1/batch-sessions"))
                .post(RequestBody.create("{\"count\":1}".getBytes(), MediaType.get("application/json"))).build();
    }

    @Test
    void itResendsAPostAfter503WithRetryAfterZeroDespiteRetryOnConnectionFailureOff() throws Exception {
        api.server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "0").build());
        api.server.enqueue(json(200, Fixtures.body("created")));
        try (Response response = shared.newCall(post()).execute()) {
            assertEquals(200, response.code());
        }
        assertEquals(2, api.server.getRequestCount(), "sent twice, silently: a one-shot body prevents it");
    }

    @Test
    void itDoesNotResendAPostWrittenToAStalePooledConnectionButCannotSayWhetherItArrived() throws Exception {
        api.server.enqueue(new MockResponse.Builder(json(200, "{}"))
                .onResponseEnd(new SocketEffect.CloseSocket(true, false, false)).build());
        api.server.enqueue(json(200, Fixtures.body("created")));
        try (Response response = shared.newCall(new Request.Builder().url(api.server.url("/")).build()).execute()) {
            response.body().string(); // the connection goes back to the pool, then the server closes it
        }
        IOException e = assertThrows(IOException.class, () -> shared.newCall(post()).execute().close());
        assertTrue(e.getMessage().startsWith("unexpected end of stream"), e.getMessage());
        assertEquals(1, api.server.getRequestCount(), "the post never reached the server, and was not sent again");
    }
}
