package io.github.anchorbatchmcp.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * A simulated Anchor batch-sessions API on a loopback port: {@code GET /v1/batch-sessions/{batch_id}}
 * with the documented JSON and status codes (401 without the demo key, 404 for an unknown batch),
 * so that the server's real HTTP client talks to it exactly as to the real API.
 */
public final class DemoApi implements AutoCloseable {

    /** The key the demo server is given; the simulator refuses any other, as the real API would. */
    public static final String KEY = "demo-key";

    static {
        // The JDK's server writes headers and body separately: without TCP_NODELAY each answer waits
        // ~40 ms on Nagle's algorithm and the peer's delayed ACK. Read once, when its config loads.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final String PATH = "/v1/batch-sessions/";
    private static final JsonMapper JSON = JsonMapper.shared();

    private final HttpServer http;
    private final LongSupplier nanoTime;
    /** When each batch was first asked for: the moving batch's clock starts there. */
    private final Map<String, Long> firstAsked = new ConcurrentHashMap<>();

    private DemoApi(HttpServer http, LongSupplier nanoTime) {
        this.http = http;
        this.nanoTime = nanoTime;
    }

    /** Starts on a free loopback port. */
    public static DemoApi start() throws IOException {
        return start(System::nanoTime);
    }

    /** Starts with its own clock, so that tests can move time instead of waiting. */
    public static DemoApi start(LongSupplier nanoTime) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        DemoApi api = new DemoApi(http, nanoTime);
        http.createContext("/", api::handle);
        http.setExecutor(Executors.newFixedThreadPool(4, r -> {
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

    @Override
    public void close() {
        http.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!KEY.equals(exchange.getRequestHeaders().getFirst("anchor-api-key"))) {
                send(exchange, 401, error(401, "Invalid API key"));
            } else if (!exchange.getRequestMethod().equals("GET") || !path.startsWith(PATH)) {
                send(exchange, 404, error(404, "Not found"));
            } else {
                String id = path.substring(PATH.length());
                long now = nanoTime.getAsLong();
                long first = DemoBatches.DESCRIPTIONS.containsKey(id) ? firstAsked.computeIfAbsent(id, k -> now) : now;
                Map<String, Object> data = DemoBatches.data(id, Duration.ofNanos(now - first));
                send(exchange, data == null ? 404 : 200,
                        data == null ? error(404, "Batch not found") : Map.of("data", data));
            }
        }
    }

    private static Map<String, Object> error(int code, String message) {
        return Map.of("error", Map.of("code", code, "message", message));
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
