package io.github.anchorbatchmcp.anchor;

import static io.github.anchorbatchmcp.anchor.LoopbackApi.KEY;
import static io.github.anchorbatchmcp.anchor.LoopbackApi.apiError;
import static io.github.anchorbatchmcp.anchor.LoopbackApi.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The requests about one running session that may be repeated: goto, screenshot, pages, page text, end. */
class AnchorSessionTest {

    static final String SESSION = "0b8e3c4a-5d6f-4a1b-9c2d-3e4f5a6b7c8d";
    static final SessionId ID = new SessionId(SESSION);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H'};

    /** Each operation, what it sends, and an answer it takes as success. */
    enum Op {
        NAVIGATE("POST", "/v1/sessions/" + SESSION + "/goto"),
        SCREENSHOT("GET", "/v1/sessions/" + SESSION + "/screenshot"),
        PAGES("GET", "/v1/sessions/" + SESSION + "/pages"),
        PAGE_TEXT("POST", "/v1/tools/fetch-webpage?sessionId=" + SESSION),
        END("DELETE", "/v1/sessions/" + SESSION);

        final String method;
        final String target;

        Op(String method, String target) {
            this.method = method;
            this.target = target;
        }

        SessionOutcome<?> call(AnchorClient client) throws InterruptedException {
            return switch (this) {
                case NAVIGATE -> client.navigate(ID, "https://example.com/");
                case SCREENSHOT -> client.screenshot(ID);
                case PAGES -> client.pages(ID);
                case PAGE_TEXT -> client.pageText(ID);
                case END -> client.endSession(ID);
            };
        }

        MockResponse ok() {
            return switch (this) {
                case NAVIGATE, END -> json(200, "{\"data\": {\"status\": \"ok\"}}");
                case SCREENSHOT -> png(PNG);
                case PAGES -> json(200, "[]");
                case PAGE_TEXT -> text("# Example");
            };
        }
    }

    private LoopbackApi api;
    private final SessionSaid said = new SessionSaid();

    @BeforeEach
    void start() throws Exception {
        api = new LoopbackApi().start();
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
        said.check();
    }

    static MockResponse png(byte[] bytes) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "image/png")
                .body(new Buffer().write(bytes)).build();
    }

    static MockResponse text(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/plain; charset=utf-8").body(body)
                .build();
    }

    private static Buffer filled(long bytes, char c) {
        return new Buffer().writeUtf8(String.valueOf(c).repeat((int) bytes));
    }

    // ---- what every operation has in common

    @ParameterizedTest
    @EnumSource(Op.class)
    void eachSendsItsMethodAndTargetWithTheKeyOnce(Op op) throws Exception {
        api.server.enqueue(op.ok());
        said.done(op.call(api.client()));
        RecordedRequest request = api.server.takeRequest();
        assertEquals(op.method, request.getMethod());
        assertEquals(op.target, request.getTarget());
        assertEquals(List.of(KEY), request.getHeaders().values("anchor-api-key"));
        assertEquals("anchor-batch-mcp/test", request.getHeaders().get("User-Agent"));
        assertEquals(1, api.server.getRequestCount());
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void a401Or403IsUnauthorizedAndNotRetried(Op op) throws Exception {
        api.server.enqueue(apiError(401, "Invalid API key"));
        api.server.enqueue(apiError(403, "Forbidden"));
        AnchorClient client = api.client();
        assertEquals(401, said.failure(SessionFailure.Unauthorized.class, op.call(client)).httpStatus());
        SessionFailure.Unauthorized forbidden = said.failure(SessionFailure.Unauthorized.class, op.call(client));
        assertEquals("the Anchor API refused this API key access (HTTP 403: Forbidden)", forbidden.message());
        assertEquals(2, api.server.getRequestCount());
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void a404MeansTheSessionHasEnded(Op op) throws Exception {
        api.server.enqueue(apiError(404, "Session not found"));
        SessionFailure.Ended ended = said.failure(SessionFailure.Ended.class, op.call(api.client()));
        assertEquals("the session has ended (HTTP 404: Session not found)", ended.message());
        assertEquals(1, api.server.getRequestCount());
        assertTrue(api.sleeps.isEmpty(), "not retried: ending an ended session counts as ended");
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void a429WithRetryAfterIsWaitedOutThenReportedAsRateLimited(Op op) throws Exception {
        for (int i = 0; i < 3; i++) {
            api.server.enqueue(new MockResponse.Builder(apiError(429, "Too many requests")).setHeader("Retry-After", "1")
                    .build());
        }
        SessionFailure.RateLimited limited = said.failure(SessionFailure.RateLimited.class, op.call(api.client()));
        assertEquals(new SessionFailure.RateLimited("Too many requests", Duration.ofSeconds(1), 3), limited);
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), api.sleeps);
        assertEquals(3, api.server.getRequestCount());
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void serverErrorsAreRetriedThenReportedWithTheAttempts(Op op) throws Exception {
        for (int code : List.of(500, 502, 503)) {
            api.server.enqueue(apiError(code, "Internal server error"));
        }
        SessionFailure.ServerError error = said.failure(SessionFailure.ServerError.class, op.call(api.client()));
        assertEquals(new SessionFailure.ServerError(503, "Internal server error", 3), error);
        assertEquals("the Anchor API failed (HTTP 503: Internal server error, 3 attempts)", error.message());
        assertEquals(2, api.sleeps.size());
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"PAGES", "PAGE_TEXT"})
    void noAnswerWithinTheTimeOutIsTimedOutAfterEveryAttempt(Op op) throws Exception {
        for (int i = 0; i < 3; i++) {
            api.server.enqueue(new MockResponse.Builder(op.ok()).headersDelay(2, TimeUnit.SECONDS).build());
        }
        SessionFailure.TimedOut timedOut = said.failure(SessionFailure.TimedOut.class, op.call(api.client()));
        assertEquals(new SessionFailure.TimedOut(Duration.ofSeconds(1), 3), timedOut);
        assertEquals("no answer within 1 second (3 attempts)", timedOut.message());
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void nothingListeningIsConnectionFailedAfterEveryAttempt(Op op) throws Exception {
        String url = api.baseUrl();
        api.server.close();
        SessionFailure.ConnectionFailed failed = said.failure(SessionFailure.ConnectionFailed.class,
                op.call(api.client(url, http -> http, api.sleeps::add)));
        assertEquals("could not reach the Anchor API (connection refused, 3 attempts)", failed.message());
        assertEquals(2, api.sleeps.size());
    }

    /** The page text reads a prefix instead: see {@link #aPageOfManyMegabytesIsCutNotRefused}. */
    @ParameterizedTest
    @EnumSource(value = Op.class, names = "PAGE_TEXT", mode = EnumSource.Mode.EXCLUDE)
    void aBodyOver16MegabytesIsABadResponse(Op op) throws Exception {
        api.server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "image/png")
                .body(filled(Exchange.MAX_BODY_BYTES + 1, 'x')).build());
        SessionFailure.BadResponse bad = said.failure(SessionFailure.BadResponse.class, op.call(api.client()));
        assertEquals("the Anchor API answered HTTP 200 with a body larger than 16 MB", bad.message());
        assertEquals(1, api.server.getRequestCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"error\": {\"code\": 400, \"message\": \"Invalid url\"}}", "{\"error\": \"Invalid url\"}"})
    void bothErrorShapesGiveTheirMessage(String body) throws Exception {
        api.server.enqueue(json(400, body));
        SessionFailure.Rejected rejected = said.failure(SessionFailure.Rejected.class,
                api.client().navigate(ID, "notaurl"));
        assertEquals("the Anchor API refused the request (HTTP 400: Invalid url)", rejected.message());
        assertEquals(1, api.server.getRequestCount(), "a 400 is not retried");
    }

    @Test
    void theKeyEchoedInAnErrorIsMasked() throws Exception {
        api.server.enqueue(apiError(401, "key " + KEY + " is not valid"));
        SessionFailure.Unauthorized failure = said.failure(SessionFailure.Unauthorized.class, api.client().pages(ID));
        assertEquals("key *** is not valid", failure.apiMessage());
    }

    // ---- navigate

    @Test
    void navigatePostsTheUrlAsJsonAndGivesTheStatus() throws Exception {
        api.server.enqueue(json(200, "{\"status\": \"navigated\"}"));
        assertEquals("navigated", said.done(api.client().navigate(ID, "https://example.com/a?b=c&d")));
        RecordedRequest request = api.server.takeRequest();
        assertEquals("application/json", request.getHeaders().get("Content-Type"));
        assertEquals(ResponseParser.JSON.readTree("{\"url\": \"https://example.com/a?b=c&d\"}"),
                ResponseParser.JSON.readTree(request.getBody().utf8()));
    }

    @Test
    void navigateIsSentAgainAfterAServerErrorAndAReset() throws Exception {
        api.server.enqueue(apiError(500, "Internal server error"));
        api.server.enqueue(new MockResponse.Builder(json(200, "{\"status\": \"ok\"}"))
                .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
        api.server.enqueue(json(200, "{\"status\": \"ok\"}"));
        assertEquals("ok", said.done(api.client().navigate(ID, "https://example.com/")));
        assertEquals(3, api.server.getRequestCount());
        for (int i = 0; i < 3; i++) {
            assertEquals("{\"url\":\"https://example.com/\"}", api.server.takeRequest().getBody().utf8());
        }
    }

    @Test
    void navigateIsSentAgainAfterATimeOut() throws Exception {
        api.server.enqueue(new MockResponse.Builder(json(200, "{\"status\": \"late\"}"))
                .headersDelay(2, TimeUnit.SECONDS).build());
        api.server.enqueue(json(200, "{\"status\": \"ok\"}"));
        assertEquals("ok", said.done(api.client().navigate(ID, "https://example.com/")));
        assertEquals(2, api.server.getRequestCount());
        assertEquals(1, api.sleeps.size());
    }

    // ---- screenshot

    @Test
    void screenshotAsksForPngAndGivesTheBytes() throws Exception {
        api.server.enqueue(png(PNG));
        assertArrayEquals(PNG, said.done(api.client().screenshot(ID)));
        assertEquals(List.of("image/png"), api.server.takeRequest().getHeaders().values("Accept"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/html; charset=utf-8"})
    void aScreenshotThatIsNotAnImageIsABadResponse(String type) throws Exception {
        api.server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", type)
                .body("{\"error\": \"no page\"}").build());
        SessionFailure.BadResponse bad = said.failure(SessionFailure.BadResponse.class, api.client().screenshot(ID));
        assertEquals("the Anchor API answered HTTP 200 with a " + type + " body, not an image", bad.message());
        assertEquals(1, api.server.getRequestCount(), "not retried");
    }

    @Test
    void anEmptyScreenshotIsABadResponse() throws Exception {
        api.server.enqueue(png(new byte[0]));
        assertEquals(new SessionFailure.BadResponse(200, "an empty body, not an image"),
                said.failure(SessionFailure.BadResponse.class, api.client().screenshot(ID)));
    }

    // ---- pages

    @Test
    void pagesReadsTheBareArrayScrubbed() throws Exception {
        api.server.enqueue(json(200, "[{\"id\": \"p1\", \"title\": \"Example\", \"url\": \"https://example.com/\","
                + " \"frontend_url\": \"https://live.example/p1\", \"extra\": 1}, null,"
                + " {\"id\": \"p2\", \"title\": \"key " + KEY + "\", \"url\": \"about:blank\"}]"));
        assertEquals(List.of(new SessionPage("p1", "Example", "https://example.com/", "https://live.example/p1"),
                new SessionPage("p2", "key ***", "about:blank", null)), said.done(api.client().pages(ID)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"data\": []}", "[{\"title\": {\"a\": 1}}]", "[\"p1\"]", "<html>sign in</html>", ""})
    void pagesOfAnotherShapeAreABadResponse(String body) throws Exception {
        api.server.enqueue(json(200, body));
        SessionFailure.BadResponse bad = said.failure(SessionFailure.BadResponse.class, api.client().pages(ID));
        assertTrue(bad.message().startsWith("the Anchor API answered HTTP 200 with a body that is not the documented"
                + " list of pages ("), bad.message());
        assertEquals(1, api.server.getRequestCount());
    }

    // ---- page text

    @Test
    void pageTextPostsOnlyTheMarkdownFormatForTheSession() throws Exception {
        api.server.enqueue(text("# Example\n\nSome text, key " + KEY + "."));
        assertEquals(new PageText("# Example\n\nSome text, key ***.", false), said.done(api.client().pageText(ID)));
        RecordedRequest request = api.server.takeRequest();
        assertEquals(SESSION, request.getUrl().queryParameter("sessionId"));
        assertEquals("{\"format\":\"markdown\"}", request.getBody().utf8());
        assertEquals("application/json", request.getHeaders().get("Content-Type"));
    }

    /** Exactly the limit is the whole page; one byte more is cut to the limit. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aPageOverTheLimitIsCutThere(int over) throws Exception {
        api.server.enqueue(new MockResponse.Builder(text("")).body(filled(AnchorClient.PAGE_TEXT_BYTES + over, 'a'))
                .build());
        PageText page = said.done(api.client().pageText(ID));
        assertEquals("a".repeat((int) AnchorClient.PAGE_TEXT_BYTES), page.text());
        assertEquals(over > 0, page.cut());
    }

    @Test
    void aPageOfManyMegabytesIsCutNotRefused() throws Exception {
        api.server.enqueue(new MockResponse.Builder(text("")).chunkedBody(filled(Exchange.MAX_BODY_BYTES + 1, 'b'),
                1 << 16).build());
        PageText page = said.done(api.client().pageText(ID));
        assertEquals(AnchorClient.PAGE_TEXT_BYTES, page.text().length());
        assertTrue(page.cut());
        assertEquals(1, api.server.getRequestCount());
    }

    /** A key that the limit cuts in two must not leave its first part in the text. */
    @ParameterizedTest
    @ValueSource(ints = {1, 10, 27})
    void aKeyCutByTheLimitLeavesNoPartOfItself(int keptOfKey) throws Exception {
        Buffer body = filled(AnchorClient.PAGE_TEXT_BYTES - keptOfKey, 'c').writeUtf8(KEY + " and more");
        api.server.enqueue(new MockResponse.Builder(text("")).body(body).build());
        PageText page = said.done(api.client().pageText(ID));
        assertTrue(page.cut());
        assertTrue(page.text().startsWith("c".repeat((int) AnchorClient.PAGE_TEXT_BYTES - keptOfKey)));
        assertFalse(page.text().endsWith(KEY.substring(0, keptOfKey)), "ends with the first " + keptOfKey
                + " characters of the key");
    }

    // ---- end

    @Test
    void endSessionDeletesItAndGivesTheStatus() throws Exception {
        api.server.enqueue(json(200, "{\"data\": {\"status\": \"deleted\"}}"));
        assertEquals("deleted", said.done(api.client().endSession(ID)));
        assertEquals("DELETE", api.server.takeRequest().getMethod());
    }

    @Test
    void endSessionCountsAnyOtherTwoHundredAsDoneWithoutStatus() throws Exception {
        api.server.enqueue(new MockResponse.Builder().code(204).build());
        assertNull(said.done(api.client().endSession(ID)));
    }

    @Test
    void endSessionIsSentAgainAfterAServerError() throws Exception {
        api.server.enqueue(apiError(500, "Internal server error"));
        api.server.enqueue(json(200, "{\"data\": {\"status\": \"deleted\"}}"));
        assertEquals("deleted", said.done(api.client().endSession(ID)));
        assertEquals(2, api.server.getRequestCount());
        assertEquals("DELETE", api.server.takeRequest().getMethod());
        assertEquals("DELETE", api.server.takeRequest().getMethod());
    }
}
