package io.github.anchorbatchmcp.anchor;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Calls {@code GET /v1/batch-sessions/{batch_id}}: one request per attempt, retried on 408, 429, 5xx,
 * time-outs and connection failures, every outcome mapped to an {@link ApiOutcome}. The API key is
 * added here and nowhere else; {@link ResponseParser} scrubs it from everything the API says.
 */
public final class AnchorClient {

    /** Larger bodies are refused while reading, never held whole: a 5,000-session batch is about 2 MB. */
    static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

    /** More calls than the SDK runs handlers at once (10 per core), so none waits in OkHttp's queue. */
    static final int MAX_CONCURRENT_REQUESTS = 64;
    private static final Duration SAFETY_MARGIN = Duration.ofSeconds(5);

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final ApiSettings settings;
    private final RetryPolicy retry;
    private final Lazy<OkHttpClient> http;
    private final Sleeper sleeper;
    private final ResponseParser parser;

    /**
     * @param httpFactory called once, on the first request, so that start-up does not load the HTTP stack
     */
    public AnchorClient(ApiSettings settings, RetryPolicy retry, Supplier<OkHttpClient> httpFactory, Sleeper sleeper) {
        this.settings = settings;
        this.retry = retry;
        this.http = new Lazy<>(httpFactory);
        this.sleeper = sleeper;
        this.parser = new ResponseParser(new Redactor(settings.apiKey()));
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
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread responder = new Thread(() -> answerOnce(socket, body), "warm-up-http");
            responder.setDaemon(true);
            responder.start();
            Request request = new Request.Builder()
                    .url("http://127.0.0.1:" + socket.getLocalPort() + "/v1/batch-sessions/warm-up").build();
            return attempt(request, 1).outcome(); // the path every real request takes
        } catch (IOException e) {
            return new ApiOutcome.ConnectionFailed("loopback", e.toString(), 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ApiOutcome.ConnectionFailed("loopback", "interrupted", 1);
        }
    }

    private static void answerOnce(ServerSocket socket, byte[] body) {
        try (Socket connection = socket.accept()) {
            InputStream in = connection.getInputStream();
            for (int matched = 0, b; matched < 4 && (b = in.read()) != -1; ) { // up to the blank line
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            OutputStream out = connection.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (IOException e) {
            // the warm-up call reports it
        }
    }

    /** Without a key no request is made: the tools say how to set one instead. */
    public boolean hasApiKey() {
        return settings.hasApiKey();
    }

    /** The longest one {@link #fetch} can take. */
    public Duration worstCase() {
        return retry.worstCase(settings.timeout());
    }

    /**
     * Fetches the status of one batch. Requires an API key in the settings.
     *
     * @throws InterruptedException when the calling thread is interrupted (the request is abandoned)
     */
    public ApiOutcome fetch(BatchId id) throws InterruptedException {
        Request request = new Request.Builder()
                .url(settings.baseUrl() + "/v1/batch-sessions/" + id.value())
                .header("anchor-api-key", settings.apiKey())
                .header("Accept", "application/json")
                .header("User-Agent", settings.userAgent())
                .get()
                .build();
        for (int attempt = 1; ; attempt++) {
            Attempt result = attempt(request, attempt);
            if (!result.retryable() || attempt > retry.maxRetries()) {
                return result.outcome();
            }
            Duration wait = result.retryAfter() != null
                    ? result.retryAfter()
                    : retry.backoff(attempt - 1, ThreadLocalRandom.current());
            if (wait.compareTo(retry.maxRetryAfter()) > 0 && result.retryAfter() != null) {
                return result.outcome(); // asked to wait longer than we hold a caller: say so instead
            }
            sleeper.sleep(wait);
        }
    }

    private record Attempt(ApiOutcome outcome, boolean retryable, Duration retryAfter) {
        static Attempt done(ApiOutcome outcome) {
            return new Attempt(outcome, false, null);
        }
    }

    /**
     * One request. It runs on OkHttp's threads while this one waits, so that an interrupt (the client
     * cancelled the tool call) cancels the HTTP call at once, even mid-body.
     */
    private Attempt attempt(Request request, int attempt) throws InterruptedException {
        Call call = http.get().newCall(request);
        CompletableFuture<Attempt> result = new CompletableFuture<>();
        call.enqueue(new Callback() {
            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    result.complete(interpret(response, attempt));
                } catch (IOException e) {
                    result.complete(failed(e, attempt));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }

            @Override
            public void onFailure(Call c, IOException e) {
                result.complete(failed(e, attempt));
            }
        });
        try {
            // The call timeout ends the call first; this only guards against a call that never ends.
            return result.get(settings.timeout().toMillis() + SAFETY_MARGIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            call.cancel();
            throw e;
        } catch (TimeoutException e) {
            call.cancel();
            return failed(new InterruptedIOException("timeout"), attempt);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private Attempt interpret(Response response, int attempt) throws IOException {
        int code = response.code();
        byte[] body = readCapped(response.body());
        if (body == null) {
            return Attempt.done(new ApiOutcome.BadResponse(code,
                    "the body is larger than " + (MAX_BODY_BYTES >> 20) + " MB"));
        }
        if (code >= 200 && code < 300) {
            return Attempt.done(parser.status(code, body, response.header("Content-Type")));
        }
        String apiMessage = parser.errorMessage(body);
        Duration retryAfter = RetryPolicy.parseRetryAfter(response.header("Retry-After"), Instant.now());
        if (code == 401 || code == 403) {
            return Attempt.done(new ApiOutcome.Unauthorized(code, apiMessage));
        }
        if (code == 404) {
            return Attempt.done(new ApiOutcome.NotFound(apiMessage));
        }
        if (code == 429) {
            return new Attempt(new ApiOutcome.RateLimited(apiMessage, retryAfter, attempt), true, retryAfter);
        }
        if (code == 408 || code >= 500) {
            return new Attempt(new ApiOutcome.ServerError(code, apiMessage, attempt), true, retryAfter);
        }
        return Attempt.done(new ApiOutcome.UnexpectedStatus(code, apiMessage));
    }

    private Attempt failed(IOException e, int attempt) {
        ApiOutcome outcome = e instanceof InterruptedIOException
                ? new ApiOutcome.TimedOut(settings.timeout(), attempt)
                : new ApiOutcome.ConnectionFailed(settings.baseUrl().toString(), reason(e), attempt);
        return new Attempt(outcome, true, null);
    }

    /** The whole body, or null when it is over {@link #MAX_BODY_BYTES}; stops reading as soon as it is. */
    private static byte[] readCapped(ResponseBody body) throws IOException {
        if (body.contentLength() > MAX_BODY_BYTES) {
            return null;
        }
        BufferedSource source = body.source();
        Buffer buffer = new Buffer();
        while (source.read(buffer, 64 * 1024) != -1) {
            if (buffer.size() > MAX_BODY_BYTES) {
                buffer.clear();
                return null;
            }
        }
        return buffer.readByteArray();
    }

    private String reason(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + settings.baseUrl().getHost();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return parser.oneLine(message);
    }
}
