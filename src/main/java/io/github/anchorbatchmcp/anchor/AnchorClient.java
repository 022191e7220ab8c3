package io.github.anchorbatchmcp.anchor;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Anchor's batch-sessions API, one method per operation, each ending in an outcome from a small
 * sealed set. Reads are retried on 408, 429, 5xx, time-outs and connection failures; a request that
 * creates or changes something is never sent twice (see {@link Resend}). The API key is added here
 * and nowhere else; {@link ResponseParser} scrubs it, and a request's own secrets, from everything
 * the API says.
 */
public final class AnchorClient {

    /** More calls than the SDK runs handlers at once (10 per core), so none waits in OkHttp's queue. */
    static final int MAX_CONCURRENT_REQUESTS = 64;

    private static final String BATCHES = "/v1/batch-sessions";
    private static final String SESSIONS = "/v1/sessions/";
    private static final String TOOLS = "/v1/tools/";
    /** Read of a page's content: far more than the most a tool returns (20,000 characters). */
    static final long PAGE_TEXT_BYTES = 256 * 1024;
    private static final okhttp3.MediaType JSON_TYPE = okhttp3.MediaType.get("application/json");

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final ApiSettings settings;
    private final RetryPolicy retry;
    private final Lazy<OkHttpClient> http;
    private final Lazy<OkHttpClient> httpForChanges;
    private final Sleeper sleeper;
    private final ResponseParser parser;
    private final Outcomes outcomes;
    private final ChangeOutcomes changes;
    private final SessionOutcomes sessions;

    /**
     * @param httpFactory called once, on the first request, so that start-up does not load the HTTP stack
     */
    public AnchorClient(ApiSettings settings, RetryPolicy retry, Supplier<OkHttpClient> httpFactory, Sleeper sleeper) {
        this(settings, retry, new Lazy<>(httpFactory), null, sleeper);
    }

    private AnchorClient(ApiSettings settings, RetryPolicy retry, Lazy<OkHttpClient> http,
            Lazy<OkHttpClient> httpForChanges, Sleeper sleeper) {
        this.settings = settings;
        this.retry = retry;
        this.http = http;
        this.httpForChanges = httpForChanges != null ? httpForChanges
                : new Lazy<>(() -> Resend.clientForChanges(http.get()));
        this.sleeper = sleeper;
        this.parser = new ResponseParser(new Redactor(settings.apiKey()));
        this.outcomes = new Outcomes(settings);
        this.changes = new ChangeOutcomes(settings);
        this.sessions = new SessionOutcomes(settings);
    }

    public static AnchorClient forSettings(ApiSettings settings) {
        return new AnchorClient(settings, RetryPolicy.withRetries(settings.maxRetries()), () -> defaultHttp(settings),
                d -> Thread.sleep(d.toMillis()));
    }

    /**
     * One attempt is bounded by the configured timeout, connect to last byte. Redirects are not
     * followed (they could carry the key elsewhere). An http:// API (loopback only: the configuration allows no
     * other) gets a client without TLS, which then is not set up at all.
     */
    public static OkHttpClient defaultHttp(ApiSettings settings) {
        Duration timeout = settings.timeout();
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(MAX_CONCURRENT_REQUESTS);
        dispatcher.setMaxRequestsPerHost(MAX_CONCURRENT_REQUESTS);
        OkHttpClient.Builder builder = new OkHttpClient.Builder();
        if (settings.baseUrl().getScheme().equals("http")) {
            builder.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
        }
        return builder
                .dispatcher(dispatcher)
                .callTimeout(timeout)
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .build();
    }

    /**
     * Builds the HTTP stack and runs one exchange through it, with a loopback socket of its own
     * answering {@code body}, so that the first real call finds OkHttp's code ready (its first use
     * takes over 100 ms). Nothing leaves the machine, and the key is not sent.
     *
     * @return the body as {@link #fetch} would have read it, for warming what comes after
     */
    public ApiOutcome warmUp(byte[] body) {
        try {
            Exchange.Result result = WarmUp.run(http.get(), BATCHES + "/warm-up", body, settings.timeout());
            return outcomes.status(new Exchange.Ending(result, 1, null), parser); // the path every real request takes
        } catch (IOException e) {
            return new ApiOutcome.ConnectionFailed("loopback", e.toString(), 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ApiOutcome.ConnectionFailed("loopback", "interrupted", 1);
        }
    }

    /**
     * This client with another API key (a caller's own, for one request): the same HTTP stack (built
     * once, on first use, whichever client gets there first), its own settings, and a redactor that
     * masks that key in everything the API says.
     *
     * @throws IllegalArgumentException when the key has a character that cannot be sent in a header;
     *     the message does not contain the key
     */
    public AnchorClient withApiKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("the API key is empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException("the API key contains a character that cannot be sent in an HTTP"
                        + " header (position " + (i + 1) + ")");
            }
        }
        ApiSettings own = new ApiSettings(settings.baseUrl(), key, settings.timeout(), settings.maxRetries(),
                settings.userAgent());
        return new AnchorClient(own, retry, http, httpForChanges, sleeper);
    }

    /** Without a key no request is made: the tools say how to set one instead. */
    public boolean hasApiKey() {
        return settings.hasApiKey();
    }

    /** The longest one {@link #fetch} (or {@link #list}) can take. */
    public Duration worstCase() {
        return retry.worstCase(settings.timeout());
    }

    /**
     * Fetches the status of one batch. Requires an API key in the settings (so do all the calls).
     *
     * @throws InterruptedException when the calling thread is interrupted (the request is abandoned)
     */
    public ApiOutcome fetch(BatchId id) throws InterruptedException {
        return outcomes.status(send(request(url(BATCHES + "/" + id.value())).get().build(), false), parser);
    }

    /** Lists one page of batches, newest first, with the filters {@code query} gives. */
    public ListOutcome list(ListQuery query) throws InterruptedException {
        HttpUrl.Builder url = url(BATCHES).newBuilder();
        addIfGiven(url, "status", query.status());
        addIfGiven(url, "page", query.page());
        addIfGiven(url, "limit", query.limit());
        addIfGiven(url, "created_after", query.createdAfter());
        addIfGiven(url, "created_before", query.createdBefore());
        return outcomes.list(send(request(url.build()).get().build(), false), parser);
    }

    /**
     * Creates a batch: starts {@code request.count()} browsers, billed until they end. Not sent again
     * unless the API cannot have received it; if the answer does not come back, the outcome says so
     * ({@link CallFailure.Unconfirmed}). A password in the configuration is masked in every outcome.
     *
     * @throws IllegalArgumentException when the configuration or metadata cannot be written as JSON
     * @throws InterruptedException when the calling thread is interrupted: the request is abandoned, and
     *     may have reached the API (as with every change)
     */
    public CreateOutcome create(CreateRequest request) throws InterruptedException {
        ResponseParser masking = parser.alsoMasking(request.secrets());
        Request post = request(url(BATCHES)).post(Resend.oneShotJson(request.json())).build();
        return changes.created(send(post, true), masking);
    }

    /** Cancels a batch that is still pending or processing, terminating its running sessions. */
    public CancelOutcome cancel(BatchId id) throws InterruptedException {
        Request request = request(url(BATCHES + "/" + id.value()))
                .patch(Resend.oneShotJson(json(Map.of("status", "cancelled")))).build();
        return changes.cancelled(Operation.cancel(id), send(request, true), parser);
    }

    /**
     * Retries the failed sessions of a batch, each up to {@code maxRetries} times (1 to 3), stopping at
     * its first success; the batch goes back to processing.
     */
    public RetryOutcome retry(BatchId id, int maxRetries) throws InterruptedException {
        if (maxRetries < 1 || maxRetries > 3) {
            throw new IllegalArgumentException("max_retries must be 1, 2 or 3 (got " + maxRetries + ").");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("retry_failed_only", true);
        body.put("max_retries", maxRetries);
        Request request = request(url(BATCHES + "/" + id.value() + "/retry"))
                .post(Resend.oneShotJson(json(body))).build();
        return changes.retried(Operation.retry(id), send(request, true), parser);
    }

    // ---- one running session (a ready session of a batch)

    /**
     * Opens {@code url} in the session's current page. Repeated like a read when an attempt fails:
     * opening a page twice is harmless.
     */
    public SessionOutcome<String> navigate(SessionId id, String url) throws InterruptedException {
        Request request = request(url(SESSIONS + id + "/goto")).post(jsonBody(Map.of("url", url))).build();
        return sessions.read(send(request, false), parser, a -> SessionOutcomes.status(a, parser));
    }

    /** What the session's browser shows now, as the API's image bytes (PNG). */
    public SessionOutcome<byte[]> screenshot(SessionId id) throws InterruptedException {
        Request request = request(url(SESSIONS + id + "/screenshot")).header("Accept", "image/png").get().build();
        return sessions.read(send(request, false), parser, SessionOutcomes::image);
    }

    /** The session's open pages (tabs): title and URL of each. */
    public SessionOutcome<List<SessionPage>> pages(SessionId id) throws InterruptedException {
        return sessions.read(send(request(url(SESSIONS + id + "/pages")).get().build(), false), parser,
                a -> SessionOutcomes.pages(a, parser));
    }

    /**
     * The session's current page as Markdown ({@code fetch-webpage} without a {@code url}), at most its
     * first {@link #PAGE_TEXT_BYTES} bytes. It reads, so it is repeated like a read.
     */
    public SessionOutcome<PageText> pageText(SessionId id) throws InterruptedException {
        HttpUrl url = url(TOOLS + "fetch-webpage").newBuilder().addQueryParameter("sessionId", id.value()).build();
        Request request = request(url).header("Accept", "text/plain, text/markdown, */*")
                .post(jsonBody(Map.of("format", "markdown"))).tag(Exchange.Prefix.class,
                        new Exchange.Prefix(PAGE_TEXT_BYTES)).build();
        return sessions.read(send(request, false), parser, a -> SessionOutcomes.text(a, parser));
    }

    /**
     * Starts an AI browser task in the session, asynchronously: billed, so never sent twice; an answer
     * that does not come back leaves it {@link SessionFailure.Unconfirmed}.
     */
    public SessionOutcome<WorkflowId> startTask(SessionId id, TaskRequest task) throws InterruptedException {
        HttpUrl url = url(TOOLS + "perform-web-task").newBuilder().addQueryParameter("sessionId", id.value()).build();
        Request request = request(url).post(Resend.oneShotJson(task.json())).build();
        return sessions.started(send(request, true), parser.alsoMasking(task.secrets()));
    }

    /** Where an async task stands; {@code secrets} (the task's secret values) are masked in what it says. */
    public SessionOutcome<TaskState> taskStatus(WorkflowId id, java.util.Collection<String> secrets)
            throws InterruptedException {
        HttpUrl url = url(TOOLS + "perform-web-task").newBuilder().addPathSegment(id.value())
                .addPathSegment("status").build();
        ResponseParser masking = parser.alsoMasking(secrets);
        return sessions.read(send(request(url).get().build(), false), masking,
                a -> SessionOutcomes.taskState(a, masking));
    }

    /** Ends the session: its browser closes and billing stops. Idempotent, so repeated like a read. */
    public SessionOutcome<String> endSession(SessionId id) throws InterruptedException {
        return sessions.read(send(request(url(SESSIONS + id)).delete().build(), false), parser,
                a -> SessionOutcomes.status(a, parser));
    }

    /** The one place the key is added. */
    private Request.Builder request(HttpUrl url) {
        return new Request.Builder()
                .url(url)
                .header("anchor-api-key", settings.apiKey())
                .header("Accept", "application/json")
                .header("User-Agent", settings.userAgent());
    }

    private HttpUrl url(String path) {
        return HttpUrl.get(settings.baseUrl() + path);
    }

    private static void addIfGiven(HttpUrl.Builder url, String name, Object value) {
        if (value != null) {
            url.addQueryParameter(name, value.toString()); // encoded by OkHttp
        }
    }

    private static byte[] json(Map<String, Object> body) {
        return ResponseParser.JSON.writeValueAsBytes(body);
    }

    /** A body OkHttp may write again: for the requests that may be repeated. */
    private static okhttp3.RequestBody jsonBody(Map<String, Object> body) {
        return okhttp3.RequestBody.create(json(body), JSON_TYPE);
    }

    /**
     * Sends until an attempt may not be repeated ({@link Resend#mayRepeat}) or the retries are spent.
     * A change gets a fresh mark on each attempt, so that each of ours may go out once.
     */
    private Exchange.Ending send(Request request, boolean changesSomething) throws InterruptedException {
        OkHttpClient client = changesSomething ? httpForChanges.get() : http.get();
        for (int attempt = 1; ; attempt++) {
            Request one = changesSomething ? Resend.marked(request) : request;
            Exchange.Result last = Exchange.run(client, one, settings.timeout());
            Duration retryAfter = last instanceof Exchange.Answered a
                    ? RetryPolicy.parseRetryAfter(a.retryAfter(), Instant.now())
                    : null;
            if (!Resend.mayRepeat(changesSomething, last, retryAfter) || attempt > retry.maxRetries()) {
                return new Exchange.Ending(last, attempt, retryAfter);
            }
            Duration wait = retryAfter != null ? retryAfter : retry.backoff(attempt - 1, ThreadLocalRandom.current());
            if (retryAfter != null && wait.compareTo(retry.maxRetryAfter()) > 0) {
                return new Exchange.Ending(last, attempt, retryAfter); // asked to wait longer than we hold a caller
            }
            sleeper.sleep(wait);
        }
    }
}
