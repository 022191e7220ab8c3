package io.github.anchorbatchmcp.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.anchorbatchmcp.demo.DemoLife.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A simulated Anchor batch-sessions API on a loopback port, with the documented JSON and status
 * codes, so that the server's real HTTP client talks to it exactly as to the real API:
 * {@code GET /v1/batch-sessions} (list), {@code POST /v1/batch-sessions} (create),
 * {@code GET /v1/batch-sessions/{batch_id}} (status), {@code PATCH …/{batch_id}} (cancel) and
 * {@code POST …/{batch_id}/retry}; and on each ready session of a batch a simulated browser
 * ({@link DemoSessionApi}: goto, screenshot, pages, fetch-webpage, perform-web-task and its status,
 * end). 401 without the demo key, 404 for an unknown batch, session or path, 400 for what the API
 * would refuse. State lives in memory, on the clock it is given.
 */
public final class DemoApi implements AutoCloseable {

    /** The key the demo server is given; the simulator refuses any other, as the real API would. */
    public static final String KEY = "demo-key";

    static {
        // The JDK's server writes headers and body separately: without TCP_NODELAY each answer waits
        // ~40 ms on Nagle's algorithm and the peer's delayed ACK. Read once, when its config loads.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final String BATCHES = "/v1/batch-sessions";
    private static final JsonMapper JSON = JsonMapper.shared();
    /** Larger request bodies are refused: a create with a full configuration is a few kilobytes. */
    private static final int MAX_REQUEST_BYTES = 1 << 20;
    /** Requests served at once: enough for a client acting on dozens of sessions in parallel. */
    private static final int THREADS = 64;

    private final HttpServer http;
    private final DemoLedger ledger;
    private final DemoSessionApi sessions;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    private DemoApi(HttpServer http, DemoLedger ledger, DemoSessionApi sessions) {
        this.http = http;
        this.ledger = ledger;
        this.sessions = sessions;
    }

    /** Starts on a free loopback port. */
    public static DemoApi start() throws IOException {
        return start(System::nanoTime);
    }

    /** Starts with its own clock, so that tests can move time instead of waiting. */
    public static DemoApi start(LongSupplier nanoTime) throws IOException {
        return start(nanoTime, Instant.now());
    }

    /**
     * Starts with its own clock, each screenshot answered only after {@code screenshotDelay} of real time
     * ({@link Duration#ZERO}: at once), as a slower real browser would: for benchmarks of parallel calls.
     */
    public static DemoApi start(LongSupplier nanoTime, Duration screenshotDelay) throws IOException {
        return start(nanoTime, Instant.now(), screenshotDelay);
    }

    /** Starts with its own clock, and the wall time at its start: created batches are dated from it. */
    static DemoApi start(LongSupplier nanoTime, Instant wallAtStart) throws IOException {
        return start(nanoTime, wallAtStart, Duration.ZERO);
    }

    private static DemoApi start(LongSupplier nanoTime, Instant wallAtStart, Duration screenshotDelay)
            throws IOException {
        if (screenshotDelay.isNegative()) {
            throw new IllegalArgumentException("screenshotDelay must not be negative");
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        DemoLedger ledger = new DemoLedger(nanoTime, wallAtStart);
        DemoApi api = new DemoApi(http, ledger, new DemoSessionApi(ledger, nanoTime, screenshotDelay));
        http.createContext("/", api::handle);
        // A bounded pool: requests beyond it wait in its queue.
        http.setExecutor(Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "demo-api");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        return api;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    /** The most requests that were being handled at the same time, since the start or the last reset. */
    public int maxConcurrentRequests() {
        return mostInFlight.get();
    }

    /**
     * Counts {@link #maxConcurrentRequests()} afresh, from 0, as requests arrive from now on (each counts
     * those still being handled when it arrives).
     */
    public void resetConcurrency() {
        mostInFlight.set(0);
    }

    @Override
    public void close() {
        http.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try (exchange) {
            Reply reply;
            try {
                reply = KEY.equals(exchange.getRequestHeaders().getFirst("anchor-api-key")) ? route(exchange)
                        : Reply.error(401, "Invalid API key");
            } catch (DemoRequests.Refused e) {
                reply = Reply.error(400, e.getMessage());
            }
            send(exchange, reply.status(), reply.body());
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private Reply route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if (DemoSessionApi.handles(path)) {
            Reply reply = sessions.route(method, path, exchange.getRequestURI().getRawQuery(), body(exchange));
            if (reply != null) {
                return reply;
            }
        } else if (path.equals(BATCHES)) {
            if (method.equals("GET")) {
                return ledger.list(DemoRequests.listQuery(exchange.getRequestURI().getRawQuery()));
            }
            if (method.equals("POST")) {
                JsonNode body = DemoRequests.object(body(exchange), false);
                return ledger.create(DemoRequests.createCount(body), DemoRequests.metadata(body),
                        DemoRequests.initialUrl(body));
            }
        } else if (path.startsWith(BATCHES + "/")) {
            String rest = path.substring(BATCHES.length() + 1);
            boolean retry = rest.endsWith("/retry");
            String id = retry ? rest.substring(0, rest.length() - "/retry".length()) : rest;
            if (retry && method.equals("POST")) {
                DemoRequests.checkRetry(DemoRequests.object(body(exchange), true));
                return ledger.retry(id);
            }
            if (!retry && method.equals("GET")) {
                return ledger.status(id);
            }
            if (!retry && method.equals("PATCH")) {
                DemoRequests.checkCancel(DemoRequests.object(body(exchange), false));
                return ledger.cancel(id);
            }
        }
        return Reply.error(404, "Not found");
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readNBytes(MAX_REQUEST_BYTES + 1);
        if (body.length > MAX_REQUEST_BYTES) {
            throw new DemoRequests.Refused("Request body too large");
        }
        return body;
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes;
        if (body instanceof Reply.Bytes raw) {
            bytes = raw.bytes();
            exchange.getResponseHeaders().set("Content-Type", raw.contentType());
        } else {
            bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
