package io.github.anchorbatchmcp.anchor;

import static io.github.anchorbatchmcp.anchor.LoopbackApi.apiError;
import static io.github.anchorbatchmcp.anchor.LoopbackApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rule for requests that create or change something: sent again only when the failure proves
 * the API never got it. Each case counts the requests the server received.
 */
class AnchorNoResendTest {

    /** The three changes, with what each answers when it works and what its unknown outcome tells to do. */
    enum Change {
        CREATE("created", CreateOutcome.Created.class, "call list_batch_sessions (newest first)"),
        CANCEL("cancel", CancelOutcome.Cancelled.class, "Check the batch with get_batch_session_status"),
        RETRY("retry", RetryOutcome.Retrying.class, "Check the batch with get_batch_session_status");

        final String fixture;
        final Class<?> success;
        final String check;

        Change(String fixture, Class<?> success, String check) {
            this.fixture = fixture;
            this.success = success;
            this.check = check;
        }

        Object call(AnchorClient client) throws InterruptedException {
            return switch (this) {
                case CREATE -> client.create(new CreateRequest(2));
                case CANCEL -> client.cancel(Fixtures.ID);
                case RETRY -> client.retry(Fixtures.ID, 1);
            };
        }
    }

    private LoopbackApi api;

    @BeforeEach
    void start() throws Exception {
        api = new LoopbackApi().start();
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    /** The outcome is unconfirmed, sent once, not waited on, and its message says what to check. */
    private String assertSentOnceAndUnconfirmed(Change change, Object outcome) {
        String message = api.message(assertInstanceOf(CallFailure.Unconfirmed.class, outcome));
        assertEquals(1, api.server.getRequestCount(), "sent exactly once");
        assertTrue(api.sleeps.isEmpty(), "no retry was even planned");
        assertTrue(message.contains("it was not sent again"), message);
        assertTrue(message.contains(change.check), message);
        return message;
    }

    @ParameterizedTest
    @EnumSource(Change.class)
    void afterATimeOutItIsNotSentAgain(Change change) throws Exception {
        api.server.enqueue(new MockResponse.Builder(json(200, Fixtures.body(change.fixture)))
                .headersDelay(3, TimeUnit.SECONDS).build());
        api.server.enqueue(json(200, Fixtures.body(change.fixture)));
        String message = assertSentOnceAndUnconfirmed(change, change.call(api.client()));
        assertTrue(message.contains("unknown: no answer came within 1 second."), message);
    }

    @ParameterizedTest
    @EnumSource(Change.class)
    void afterAServerErrorItIsNotSentAgain(Change change) throws Exception {
        api.server.enqueue(apiError(500, "Internal server error"));
        api.server.enqueue(json(200, Fixtures.body(change.fixture)));
        String message = assertSentOnceAndUnconfirmed(change, change.call(api.client()));
        assertTrue(message.contains("unknown: the Anchor API answered HTTP 500: Internal server error."), message);
    }

    @ParameterizedTest
    @EnumSource(Change.class)
    void after408ItIsNotSentAgain(Change change) throws Exception {
        api.server.enqueue(apiError(408, "Request timeout"));
        api.server.enqueue(json(200, Fixtures.body(change.fixture)));
        assertSentOnceAndUnconfirmed(change, change.call(api.client()));
    }

    /** OkHttp itself re-sends after this, even with retryOnConnectionFailure(false), unless the body is one-shot. */
    @ParameterizedTest
    @EnumSource(Change.class)
    void after503WithRetryAfterZeroOkHttpDoesNotSendItAgainEither(Change change) throws Exception {
        api.server.enqueue(new MockResponse.Builder(apiError(503, "Unavailable")).setHeader("Retry-After", "0").build());
        api.server.enqueue(json(200, Fixtures.body(change.fixture)));
        String message = assertSentOnceAndUnconfirmed(change, change.call(api.client()));
        assertTrue(message.contains("unknown: the Anchor API answered HTTP 503: Unavailable."), message);
    }

    /** The last guard: whatever in the injected client tries to send an attempt a second time fails instead. */
    @Test
    void anInterceptorThatSendsTwiceIsStoppedAtTheSecondTime() throws Exception {
        api.server.enqueue(apiError(500, "Internal server error"));
        api.server.enqueue(json(201, Fixtures.body("created")));
        okhttp3.Interceptor sendsTwice = chain -> {
            chain.proceed(chain.request()).close();
            return chain.proceed(chain.request());
        };
        AnchorClient client = api.client(api.baseUrl(), http -> http.newBuilder().addInterceptor(sendsTwice).build(),
                api.sleeps::add);
        String message = assertSentOnceAndUnconfirmed(Change.CREATE, client.create(new CreateRequest(1)));
        assertTrue(message.contains("not sending a request that changes something a second time"), message);
    }

    @ParameterizedTest
    @EnumSource(Change.class)
    void afterAResetMidResponseItIsNotSentAgain(Change change) throws Exception {
        api.server.enqueue(new MockResponse.Builder(json(200, Fixtures.body(change.fixture)))
                .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
        api.server.enqueue(json(200, Fixtures.body(change.fixture)));
        String message = assertSentOnceAndUnconfirmed(change, change.call(api.client()));
        assertTrue(message.contains("the connection broke before the answer was complete"), message);
    }

    /** The API read the request and hung up without a word: the classic case where nobody knows. */
    @ParameterizedTest
    @EnumSource(Change.class)
    void afterAHangUpBeforeAnyAnswerItIsNotSentAgain(Change change) throws Exception {
        api.server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, false, false))
                .build());
        api.server.enqueue(json(200, Fixtures.body(change.fixture)));
        assertSentOnceAndUnconfirmed(change, change.call(api.client()));
    }

    /** Even when the injected OkHttp client would recover from broken connections by itself. */
    @Test
    void aClientThatRetriesOnConnectionFailureDoesNotResendAChange() throws Exception {
        api.server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, false, false))
                .build());
        api.server.enqueue(json(201, Fixtures.body("created")));
        AnchorClient client = api.client(api.baseUrl(), http -> http.newBuilder().retryOnConnectionFailure(true).build(),
                api.sleeps::add);
        assertSentOnceAndUnconfirmed(Change.CREATE, client.create(new CreateRequest(1)));
    }

    @ParameterizedTest
    @EnumSource(Change.class)
    void anAcceptedChangeWithAnUnreadableAnswerIsNotSentAgain(Change change) throws Exception {
        api.server.enqueue(json(201, "{\"data\": \"ok\"}"));
        String message = assertSentOnceAndUnconfirmed(change, change.call(api.client()));
        assertTrue(message.contains("the Anchor API accepted the request (HTTP 201) but its answer is not the documented"
                + " JSON (\"data\" is not an object)"), message);
    }

    @Test
    void theUnknownCreateTellsTheAgentToLookBeforeCreatingAgain() throws Exception {
        api.server.enqueue(apiError(502, "Bad gateway"));
        CreateOutcome outcome = api.client().create(new CreateRequest(3));
        assertEquals("Whether the batch was created is unknown: the Anchor API answered HTTP 502: Bad gateway. The"
                + " request may have reached the Anchor API, so it was not sent again: a second one could start, and"
                + " bill, a second batch. Before trying again, call list_batch_sessions (newest first) to see whether"
                + " the batch exists; do not create it again blindly.", api.message(outcome));
    }

    @ParameterizedTest
    @EnumSource(Change.class)
    void aRefusedConnectionIsTriedOnceMoreAndThenSucceeds(Change change) throws Exception {
        int port = api.server.getPort();
        api.server.close(); // nothing listens there now: the first attempt is refused
        try (MockWebServer reopened = new MockWebServer()) {
            reopened.enqueue(json(200, Fixtures.body(change.fixture)));
            AnchorClient client = api.client("http://127.0.0.1:" + port, http -> http, wait -> {
                api.sleeps.add(wait);
                try {
                    reopened.start(InetAddress.getByName("127.0.0.1"), port); // listening again before the retry
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertInstanceOf(change.success, change.call(client));
            assertEquals(1, api.sleeps.size(), "exactly one retry");
            assertEquals(1, reopened.getRequestCount());
        }
    }

    @ParameterizedTest
    @EnumSource(Change.class)
    void aConnectionRefusedEveryTimeSaysTheRequestWasNeverSent(Change change) throws Exception {
        String url = api.baseUrl();
        api.server.close();
        Object outcome = change.call(api.client(url, http -> http, api.sleeps::add));
        String message = api.message(assertInstanceOf(CallFailure.ConnectionFailed.class, outcome));
        assertTrue(message.startsWith("Could not reach the Anchor API at " + url + " (connection refused, 3 attempts)."
                + " The request was never sent. "), message);
        assertEquals(2, api.sleeps.size());
    }

    @Test
    void anUnknownHostIsTriedOnceMore() throws Exception {
        api.server.enqueue(json(201, Fixtures.body("created")));
        AtomicInteger lookups = new AtomicInteger();
        okhttp3.Dns flaky = host -> {
            if (lookups.incrementAndGet() == 1) {
                throw new UnknownHostException(host + ": not known yet");
            }
            return List.of(InetAddress.getByName("127.0.0.1"));
        };
        AnchorClient client = api.client("http://anchor.test:" + api.server.getPort(),
                http -> http.newBuilder().dns(flaky).build(), api.sleeps::add);
        assertInstanceOf(CreateOutcome.Created.class, client.create(new CreateRequest(1)));
        assertEquals(2, lookups.get());
        assertEquals(1, api.sleeps.size());
        assertEquals(1, api.server.getRequestCount());
    }

    @ParameterizedTest
    @EnumSource(Change.class)
    void a429WithRetryAfterWasRefusedAndIsSentAgainAfterTheWait(Change change) throws Exception {
        api.server.enqueue(new MockResponse.Builder(apiError(429, "Slow down")).setHeader("Retry-After", "2").build());
        api.server.enqueue(json(200, Fixtures.body(change.fixture)));
        assertInstanceOf(change.success, change.call(api.client()));
        assertEquals(List.of(Duration.ofSeconds(2)), api.sleeps);
        assertEquals(2, api.server.getRequestCount());
    }

    @Test
    void a429WithoutRetryAfterOrAskingTooLongAWaitIsReportedNotRetried() throws Exception {
        api.server.enqueue(apiError(429, "Slow down"));
        api.server.enqueue(new MockResponse.Builder(apiError(429, "Slow down")).setHeader("Retry-After", "120").build());
        AnchorClient client = api.client();
        assertInstanceOf(CallFailure.RateLimited.class, client.cancel(Fixtures.ID));
        String message = api.message(client.cancel(Fixtures.ID));
        assertTrue(message.endsWith("The batch was not cancelled. Wait 120 seconds before calling again."), message);
        assertEquals(2, api.server.getRequestCount());
        assertTrue(api.sleeps.isEmpty());
    }

    /**
     * A pooled connection the server closed while it was idle fails a request written to it with
     * "unexpected end of stream", which could not tell whether the API got it. Changes never use one.
     */
    @Test
    void aChangeGoesOutOnAFreshConnectionNeverAPooledOne() throws Exception {
        api.server.enqueue(new MockResponse.Builder(json(200, Fixtures.body("completed")))
                .onResponseEnd(new SocketEffect.CloseSocket(true, false, false)).build());
        api.server.enqueue(json(201, Fixtures.body("created")));
        api.server.enqueue(json(201, Fixtures.body("created")));
        AnchorClient client = api.client();
        assertInstanceOf(ApiOutcome.Found.class, client.fetch(Fixtures.ID)); // leaves a pooled connection, now dead
        assertInstanceOf(CreateOutcome.Created.class, client.create(new CreateRequest(1)));
        assertInstanceOf(CreateOutcome.Created.class, client.create(new CreateRequest(1)));

        int read = api.server.takeRequest().getConnectionIndex();
        int firstChange = api.server.takeRequest().getConnectionIndex();
        int secondChange = api.server.takeRequest().getConnectionIndex();
        assertNotEquals(read, firstChange);
        assertNotEquals(firstChange, secondChange, "not even the connection of the change before");
        assertEquals(3, api.server.getRequestCount());
    }

    @Test
    void readsStillRetryWhatChangesDoNot() throws Exception {
        api.server.enqueue(apiError(500, "Internal server error"));
        api.server.enqueue(new MockResponse.Builder(json(200, "{}")).onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
                .build());
        api.server.enqueue(json(200, Fixtures.body("list-page")));
        assertInstanceOf(ListOutcome.Listed.class, api.client().list(ListQuery.NEWEST));
        assertEquals(3, api.server.getRequestCount());
        assertEquals(2, api.sleeps.size());
    }
}
