package io.github.anchorbatchmcp.anchor;

import io.github.anchorbatchmcp.Config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The API client against a real loopback HTTP server: what it sends, and every way an answer can go. */
class AnchorClientTest {

    static final String KEY = "sk-test-key-0123456789abcdef";
    static final String PATH = "/v1/batch-sessions/" + Fixtures.BATCH;

    private final MockWebServer server = new MockWebServer();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final List<String> messages = new ArrayList<>();
    private final List<okhttp3.OkHttpClient> httpClients = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stopAndCheckNothingIsLeftBehind() throws InterruptedException {
        server.close();
        for (String m : messages) {
            assertFalse(m.contains(KEY), m);
        }
        for (okhttp3.OkHttpClient http : httpClients) {
            // A call counts as running until its callback has returned, just after the fetch has its answer.
            for (int i = 0; i < 200 && http.dispatcher().runningCallsCount() > 0; i++) {
                Thread.sleep(10);
            }
            assertEquals(0, http.dispatcher().runningCallsCount(), "no HTTP call is left running");
            assertEquals(0, http.dispatcher().queuedCallsCount(), "no HTTP call is left waiting");
        }
    }

    private AnchorClient client(Map<String, String> extraEnv) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "ANCHOR_API_KEY", KEY,
                "ANCHOR_BASE_URL", server.url("/").toString(),
                "ANCHOR_TIMEOUT_SECONDS", "1"));
        env.putAll(extraEnv);
        Config config = Config.fromEnv(env);
        RetryPolicy fast = new RetryPolicy(config.maxRetries(), Duration.ofMillis(100), Duration.ofMillis(400),
                Duration.ofSeconds(10));
        return new AnchorClient(config.api(), fast, () -> tracked(AnchorClient.defaultHttp(config.api())), sleeps::add);
    }

    private okhttp3.OkHttpClient tracked(okhttp3.OkHttpClient http) {
        httpClients.add(http);
        return http;
    }

    private ApiOutcome fetch() throws InterruptedException {
        ApiOutcome outcome = client(Map.of()).fetch(Fixtures.ID);
        if (outcome instanceof ApiOutcome.Failure failure) {
            messages.add(failure.message(Fixtures.ID));
        }
        return outcome;
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    private static MockResponse apiError(int code, String message) {
        return json(code, "{\"error\": {\"code\": " + code + ", \"message\": \"" + message + "\"}}");
    }

    private String message(ApiOutcome outcome) {
        String m = ((ApiOutcome.Failure) outcome).message(Fixtures.ID);
        messages.add(m);
        return m;
    }

    @Test
    void sendsTheKeyHeaderToTheBatchPath() throws Exception {
        server.enqueue(json(200, Fixtures.body("completed")));
        ApiOutcome.Found found = assertInstanceOf(ApiOutcome.Found.class, fetch());
        assertEquals("completed", found.status().status());
        RecordedRequest request = server.takeRequest();
        assertEquals("GET", request.getMethod());
        assertEquals(PATH, request.getTarget());
        assertEquals(KEY, request.getHeaders().get("anchor-api-key"));
        assertEquals("application/json", request.getHeaders().get("Accept"));
        assertTrue(request.getHeaders().get("User-Agent").startsWith("anchor-batch-mcp/"));
    }

    @Test
    void keepsThePathOfABaseUrlBehindAProxy() throws Exception {
        server.enqueue(json(200, Fixtures.body("completed")));
        client(Map.of("ANCHOR_BASE_URL", server.url("/anchor/").toString())).fetch(Fixtures.ID);
        assertEquals("/anchor" + PATH, server.takeRequest().getTarget());
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void aRejectedKeyIsNotRetriedAndNamesTheVariable(int code) throws Exception {
        server.enqueue(apiError(code, "Invalid API key"));
        ApiOutcome outcome = fetch();
        assertInstanceOf(ApiOutcome.Unauthorized.class, outcome);
        assertTrue(message(outcome).contains("HTTP " + code + ": Invalid API key"));
        assertTrue(message(outcome).contains("ANCHOR_API_KEY"));
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void anUnknownBatchNamesTheId() throws Exception {
        server.enqueue(apiError(404, "Batch not found"));
        ApiOutcome outcome = fetch();
        assertInstanceOf(ApiOutcome.NotFound.class, outcome);
        assertTrue(message(outcome).startsWith("No batch " + Fixtures.BATCH + " was found"));
        assertTrue(message(outcome).contains("HTTP 404: Batch not found"));
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void rateLimitHonoursRetryAfterInSecondsThenSucceeds() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "2").build());
        server.enqueue(json(200, Fixtures.body("completed")));
        assertInstanceOf(ApiOutcome.Found.class, fetch());
        assertEquals(List.of(Duration.ofSeconds(2)), sleeps);
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void rateLimitHonoursRetryAfterAsAnHttpDate() throws Exception {
        String inThreeSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3));
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", inThreeSeconds).build());
        server.enqueue(json(200, Fixtures.body("completed")));
        assertInstanceOf(ApiOutcome.Found.class, fetch());
        assertEquals(1, sleeps.size());
        assertTrue(sleeps.get(0).toMillis() >= 1000 && sleeps.get(0).toMillis() <= 3000, sleeps.toString());
    }

    @Test
    void rateLimitAfterEveryRetryIsReportedWithTheApiMessage() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder(apiError(429, "Too many requests")).setHeader("Retry-After", "1")
                    .build());
        }
        ApiOutcome outcome = fetch();
        assertInstanceOf(ApiOutcome.RateLimited.class, outcome);
        assertEquals("The Anchor API is limiting the request rate (HTTP 429: Too many requests, 3 attempts)."
                + " Wait 1 second before calling again.", message(outcome));
        assertEquals(3, server.getRequestCount());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), sleeps);
    }

    @Test
    void aRetryAfterLongerThanTheCapIsReportedAtOnce() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "120").build());
        ApiOutcome.RateLimited limited = assertInstanceOf(ApiOutcome.RateLimited.class, fetch());
        assertEquals(Duration.ofSeconds(120), limited.retryAfter());
        assertTrue(message(limited).endsWith("Wait 120 seconds before calling again."));
        assertEquals(1, server.getRequestCount());
        assertTrue(sleeps.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 500, 502, 503, 504})
    void serverErrorsAreRetriedWithBackoffThenReported(int code) throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(apiError(code, "Internal server error"));
        }
        ApiOutcome outcome = fetch();
        assertInstanceOf(ApiOutcome.ServerError.class, outcome);
        assertTrue(message(outcome).contains("(HTTP " + code + ": Internal server error, 3 attempts)"), message(outcome));
        assertEquals(3, server.getRequestCount());
        assertEquals(2, sleeps.size());
        assertTrue(sleeps.get(0).toMillis() >= 50 && sleeps.get(0).toMillis() <= 100, sleeps.toString());
        assertTrue(sleeps.get(1).toMillis() >= 100 && sleeps.get(1).toMillis() <= 200, sleeps.toString());
    }

    @Test
    void aServerErrorThatClearsGivesTheNormalResult() throws Exception {
        server.enqueue(new MockResponse.Builder().code(503).body("<html>busy</html>").build());
        server.enqueue(json(200, Fixtures.body("processing")));
        ApiOutcome.Found found = assertInstanceOf(ApiOutcome.Found.class, fetch());
        assertEquals("processing", found.status().status());
    }

    @Test
    void noRetriesWhenConfiguredSo() throws Exception {
        server.enqueue(apiError(500, "boom"));
        ApiOutcome outcome = client(Map.of("ANCHOR_MAX_RETRIES", "0")).fetch(Fixtures.ID);
        assertTrue(message(outcome).contains("1 attempt)"));
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void aSlowAnswerTimesOutSayingAfterHowLong() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder(json(200, Fixtures.body("completed")))
                    .headersDelay(3, TimeUnit.SECONDS).build());
        }
        long started = System.nanoTime();
        ApiOutcome outcome = fetch();
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertInstanceOf(ApiOutcome.TimedOut.class, outcome);
        assertEquals("The Anchor API did not answer within 1 second (3 attempts). Try again later;"
                + " ANCHOR_TIMEOUT_SECONDS sets the limit for one attempt.", message(outcome));
        assertTrue(elapsedMs < 6_000, "bounded by timeout × attempts (+ no real sleeps here): " + elapsedMs);
    }

    @Test
    void aBodyThatStallsTimesOut() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder(json(200, Fixtures.body("completed")))
                    .onResponseBody(SocketEffect.Stall.INSTANCE).build());
        }
        assertInstanceOf(ApiOutcome.TimedOut.class, fetch());
    }

    @Test
    void aRefusedConnectionIsRetriedThenReported() throws Exception {
        String url = server.url("/").toString();
        server.close();
        ApiOutcome outcome = client(Map.of("ANCHOR_BASE_URL", url)).fetch(Fixtures.ID);
        assertInstanceOf(ApiOutcome.ConnectionFailed.class, outcome);
        assertTrue(message(outcome).startsWith("Could not reach the Anchor API at " + url.replaceAll("/$", "")
                + " (connection refused, 3 attempts)."), message(outcome));
        assertEquals(2, sleeps.size());
    }

    @Test
    void aConnectionResetInTheBodyIsRetried() throws Exception {
        server.enqueue(new MockResponse.Builder(json(200, Fixtures.body("completed")))
                .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
        server.enqueue(json(200, Fixtures.body("completed")));
        assertInstanceOf(ApiOutcome.Found.class, fetch());
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void anHtmlPageWithStatus200IsABadResponseAndNotRetried() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
                .body("<!DOCTYPE html><title>Maintenance</title>").build());
        ApiOutcome outcome = fetch();
        assertInstanceOf(ApiOutcome.BadResponse.class, outcome);
        assertTrue(message(outcome).contains("HTTP 200 with a body that is not the documented batch status JSON"
                + " (an HTML page (text/html))"), message(outcome));
        assertEquals(1, server.getRequestCount());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anOversizedBodyIsRefused(boolean chunked) throws Exception {
        okio.Buffer big = new okio.Buffer();
        big.writeUtf8("{\"data\":{\"error\":\"");
        byte[] filler = new byte[1 << 20];
        java.util.Arrays.fill(filler, (byte) 'x');
        for (int i = 0; i < 17; i++) {
            big.write(filler);
        }
        big.writeUtf8("\"}}");
        MockResponse.Builder response = new MockResponse.Builder().code(200);
        server.enqueue((chunked ? response.chunkedBody(big, 1 << 16) : response.body(big)).build());
        ApiOutcome.BadResponse bad = assertInstanceOf(ApiOutcome.BadResponse.class, fetch());
        assertEquals("the body is larger than 16 MB", bad.problem());
    }

    @Test
    void redirectsAreNotFollowedSoTheKeyStaysHome() throws Exception {
        server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "https://elsewhere.example/").build());
        ApiOutcome.UnexpectedStatus outcome = assertInstanceOf(ApiOutcome.UnexpectedStatus.class, fetch());
        assertEquals(302, outcome.httpStatus());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void anApiMessageEchoingTheKeyIsMasked() throws Exception {
        server.enqueue(apiError(401, "key " + KEY + " is invalid"));
        ApiOutcome.Unauthorized outcome = assertInstanceOf(ApiOutcome.Unauthorized.class, fetch());
        assertEquals("key *** is invalid", outcome.apiMessage());
    }

    @Test
    void theHttpStackIsBuiltOnlyWhenTheFirstRequestIsMade() throws Exception {
        int[] built = {0};
        Config config = Config.fromEnv(Map.of("ANCHOR_API_KEY", KEY, "ANCHOR_BASE_URL", server.url("/").toString()));
        AnchorClient client = new AnchorClient(config.api(), RetryPolicy.withRetries(0), () -> {
            built[0]++;
            return AnchorClient.defaultHttp(config.api());
        }, sleeps::add);
        assertEquals(0, built[0]);
        server.enqueue(json(200, Fixtures.body("completed")));
        server.enqueue(json(200, Fixtures.body("completed")));
        client.fetch(Fixtures.ID);
        client.fetch(Fixtures.ID);
        assertEquals(1, built[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"data\": null}", "{\"data\": {\"status\": \"compl", "{\"data\": {\"total_requests\": \"ten\"}}"})
    void malformedBodiesAreReportedAndNotRetried(String body) throws Exception {
        server.enqueue(json(200, body));
        ApiOutcome outcome = fetch();
        assertInstanceOf(ApiOutcome.BadResponse.class, outcome);
        assertTrue(message(outcome).contains("not the documented batch status JSON"), message(outcome));
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void aFiftyMegabyteBodyIsRefusedWithoutHoldingIt() throws Exception {
        okio.Buffer big = new okio.Buffer();
        byte[] filler = new byte[1 << 20];
        java.util.Arrays.fill(filler, (byte) ' ');
        for (int i = 0; i < 50; i++) {
            big.write(filler);
        }
        server.enqueue(new MockResponse.Builder().code(200).chunkedBody(big, 1 << 16).build());
        ApiOutcome.BadResponse bad = assertInstanceOf(ApiOutcome.BadResponse.class, fetch());
        assertEquals("the body is larger than 16 MB", bad.problem());
    }

    /** A loopback server that accepts one connection, never answers, and records when the client hangs up. */
    @Test
    void anInterruptCancelsTheHttpCallAtOnce() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.CompletableFuture<Long> hungUpAfterMs = new java.util.concurrent.CompletableFuture<>();
            Thread acceptor = new Thread(() -> {
                try (java.net.Socket socket = silent.accept()) {
                    long accepted = System.nanoTime();
                    while (socket.getInputStream().read() != -1) {
                        // drain the request until the client closes
                    }
                    hungUpAfterMs.complete((System.nanoTime() - accepted) / 1_000_000);
                } catch (IOException e) {
                    hungUpAfterMs.completeExceptionally(e);
                }
            });
            acceptor.start();
            AnchorClient client = client(Map.of("ANCHOR_BASE_URL", "http://127.0.0.1:" + silent.getLocalPort(),
                    "ANCHOR_TIMEOUT_SECONDS", "30"));
            java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    client.fetch(Fixtures.ID);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            caller.start();
            Thread.sleep(500);
            caller.interrupt();
            caller.join(5_000);
            assertFalse(caller.isAlive(), "the fetch returned");
            assertInstanceOf(InterruptedException.class, thrown.get());
            long hungUp = hungUpAfterMs.get(5, TimeUnit.SECONDS);
            assertTrue(hungUp < 5_000, "the connection was closed on interrupt, not at the 30 s time-out: " + hungUp);
        }
    }

    @Test
    void anInterruptDuringBackoffMakesNoFurtherRequest() throws Exception {
        server.enqueue(apiError(503, "busy"));
        server.enqueue(json(200, Fixtures.body("completed")));
        Config config = Config.fromEnv(Map.of("ANCHOR_API_KEY", KEY, "ANCHOR_BASE_URL", server.url("/").toString()));
        AnchorClient client = new AnchorClient(config.api(), RetryPolicy.withRetries(2),
                () -> tracked(AnchorClient.defaultHttp(config.api())), d -> {
                    throw new InterruptedException("cancelled while waiting");
                });
        org.junit.jupiter.api.Assertions.assertThrows(InterruptedException.class, () -> client.fetch(Fixtures.ID));
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void warmingUpRunsOneExchangeOnItsOwnLoopbackSocketAndNotWithTheApi() throws Exception {
        ApiOutcome outcome = client(Map.of()).warmUp(Fixtures.body("completed").getBytes(StandardCharsets.UTF_8));
        assertEquals("completed", assertInstanceOf(ApiOutcome.Found.class, outcome).status().status());
        assertEquals(0, server.getRequestCount(), "the API is not called");
    }

    @Test
    void aClientWithTheCallersKeySendsThatKeyAndRefusesOneThatCannotBeSentWithoutEchoingIt() throws Exception {
        server.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"code\":401,\"message\":\"bad key caller-key-42\"}}").build());
        AnchorClient own = client(Map.of()).withApiKey("caller-key-42");
        ApiOutcome outcome = own.fetch(Fixtures.ID);
        assertEquals("caller-key-42", server.takeRequest().getHeaders().get("anchor-api-key"));
        assertFalse(outcome.toString().contains("caller-key-42"), outcome::toString);
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> client(Map.of()).withApiKey("caller key"));
        assertFalse(bad.getMessage().contains("caller"), bad.getMessage());
    }
}
