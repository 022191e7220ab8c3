package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.demo.DemoApi;
import io.github.anchorbatchmcp.demo.DemoBatches;
import io.github.anchorbatchmcp.tools.BatchStatusTool;
import io.github.anchorbatchmcp.tools.CancelBatchTool;
import io.github.anchorbatchmcp.tools.CreateBatchTool;
import io.github.anchorbatchmcp.tools.ListBatchesTool;
import io.github.anchorbatchmcp.tools.RetryBatchTool;
import io.github.anchorbatchmcp.tools.WaitTool;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built jar with {@code --http 127.0.0.1:0}: both SDK clients, progress over SSE, every
 * security case, the caller's own key, the limits, /healthz, SIGTERM, two instances answering one
 * client alternately, and a client that goes away.
 */
class HttpServerIT {

    static final String TOKEN = "tok-canary-5e1f0c2b9a";
    static final String CALLER_KEY = "caller-key-canary-7d3a9e";
    static final String MODERN_META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127(?:\\.\\d+){3}:(\\d+)/mcp)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The server on a free port; {@link #url} once it said where. */
    record Http(ServerProcess process, String url, int port) implements AutoCloseable {

        static Http start(Map<String, String> env, String... extraArgs) throws Exception {
            return startOn("127.0.0.1:0", env, extraArgs);
        }

        static Http startOn(String address, Map<String, String> env, String... extraArgs) throws Exception {
            List<String> args = new ArrayList<>(List.of("--http", address));
            args.addAll(List.of(extraArgs));
            ServerProcess process = new ServerProcess(env, args.toArray(String[]::new));
            process.closeStdin(); // HTTP mode does not read stdin: it keeps serving without one
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                Matcher m = LISTENING.matcher(process.stderr());
                if (m.find()) {
                    return new Http(process, m.group(1), Integer.parseInt(m.group(2)));
                }
                Thread.sleep(50);
            }
            process.close();
            throw new IllegalStateException("no listening line; stderr: " + process.stderr());
        }

        @Override
        public void close() {
            process.close();
        }
    }

    private static Map<String, String> with(Map<String, String> env, String... more) {
        Map<String, String> out = new HashMap<>(env);
        for (int i = 0; i < more.length; i += 2) {
            out.put(more[i], more[i + 1]);
        }
        return out;
    }

    static String legacyCall(int id, String tool, String batchId) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"batch_id\":\"" + batchId + "\"}}}";
    }

    static String modernCall(int id, String tool, String batchId) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"batch_id\":\"" + batchId + "\"}," + MODERN_META + "}}";
    }

    /** A POST as a legacy client sends it; {@code headers} are name, value pairs added. */
    static HttpResponse<String> post(String url, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postModern(String url, String body, String tool, String... headers) throws Exception {
        List<String> all = new ArrayList<>(List.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
                "Mcp-Name", tool));
        all.addAll(List.of(headers));
        return post(url, body, all.toArray(String[]::new));
    }

    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";

    /** What a client reads of a JSON-RPC response: the result, without the id. */
    static JsonNode result(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response::body);
        String body = response.body();
        if (body.startsWith("event:") || body.startsWith("data:") || body.startsWith("id:")) {
            String last = null;
            for (String line : body.split("\n")) {
                if (line.startsWith("data:")) {
                    last = line.substring(5).strip();
                }
            }
            body = last;
        }
        return JsonMapper.shared().readTree(body).path("result");
    }

    // ---- both SDK clients

    @Test
    void theModernSdkClientListsAndCallsBothToolsAndHearsProgressOverSse() throws Exception {
        try (DemoApi api = FastDemo.start(); Http server = Http.start(FastDemo.env(api))) {
            HttpClientMcpTransport transport = HttpClientMcpTransport.builder(server.url()).build();
            McpSyncClient client = McpClient.sync(transport)
                    .clientInfo(McpSchema.Implementation.builder("http-it", "1").build())
                    .roundTimeout(Duration.ofSeconds(30)).build();
            {
                assertEquals(ServerProcess.TOOLS, client.listTools().skipCache().list().tools().stream()
                        .map(McpSchema.Tool::name).toList());
                McpSchema.CallToolResult status = client.tool(BatchStatusTool.NAME)
                        .arguments(Map.of("batch_id", DemoBatches.COMPLETED)).call();
                assertFalse(Boolean.TRUE.equals(status.isError()), status::toString);
                List<McpSchema.ProgressParams> notes = new CopyOnWriteArrayList<>();
                McpSchema.CallToolResult waited = client.tool(WaitTool.NAME)
                        .arguments(Map.of("batch_id", DemoBatches.MOVING)).progress(notes::add).call();
                assertFalse(Boolean.TRUE.equals(waited.isError()), waited::toString);
                assertFalse(notes.isEmpty(), "progress over the request's SSE stream");
                assertEquals(5.0, notes.get(notes.size() - 1).progress());
            }
            awaitLog(server, "http POST /mcp modern tools/call wait_for_batch_sessions 200 ");
        }
    }

    @Test
    void theLegacySdkClientListsAndCallsBothToolsStatelessly() throws Exception {
        try (DemoApi api = FastDemo.start(); Http server = Http.start(FastDemo.env(api))) {
            HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                    "http://127.0.0.1:" + server.port()).endpoint("/mcp").build();
            try (var client = io.modelcontextprotocol.client.McpClient.sync(transport)
                    .requestTimeout(Duration.ofSeconds(30)).build()) {
                client.initialize();
                assertEquals(ServerProcess.TOOLS, client.listTools().tools().stream()
                        .map(io.modelcontextprotocol.spec.McpSchema.Tool::name).toList());
                CallToolResult status = client.callTool(CallToolRequest.builder(BatchStatusTool.NAME)
                        .arguments(Map.of("batch_id", DemoBatches.COMPLETED)).build());
                assertFalse(Boolean.TRUE.equals(status.isError()), status::toString);
                assertTrue(((TextContent) status.content().get(0)).text().contains(DemoBatches.COMPLETED));
                CallToolResult waited = client.callTool(CallToolRequest.builder(WaitTool.NAME)
                        .arguments(Map.of("batch_id", DemoBatches.PARTLY_FAILED, "min_ready", 2)).build());
                assertFalse(Boolean.TRUE.equals(waited.isError()), waited::toString);
            }
            awaitLog(server, "http POST /mcp legacy tools/call get_batch_session_status 200 ");
        }
    }

    // ---- security

    @Test
    void aTokenIsRequiredWhenSetAndComparedExactly() throws Exception {
        try (DemoApi api = FastDemo.start();
                Http server = Http.start(with(FastDemo.env(api), "ANCHOR_MCP_HTTP_TOKEN", TOKEN))) {
            HttpResponse<String> none = post(server.url(), INITIALIZE);
            assertEquals(401, none.statusCode());
            assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(null));
            HttpResponse<String> wrong = post(server.url(), INITIALIZE, "Authorization", "Bearer " + TOKEN + "x");
            assertEquals(401, wrong.statusCode());
            assertEquals(401, post(server.url(), INITIALIZE, "Authorization", "Basic " + TOKEN).statusCode());
            HttpResponse<String> right = post(server.url(), INITIALIZE, "Authorization", "Bearer " + TOKEN);
            assertEquals("2025-06-18", result(right).path("protocolVersion").asString());
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "healthz needs no token");
            assertFalse(server.process().stderr().contains(TOKEN), "the token is never logged");
            assertFalse(none.body().contains(TOKEN) || wrong.body().contains(TOKEN));
        }
    }

    @Test
    void theTokenCanComeFromAFileAndAMissingFileOrBothRefuseToStart() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("token", ".txt");
        java.nio.file.Files.writeString(file, TOKEN + "\n");
        try (DemoApi api = FastDemo.start();
                Http server = Http.start(with(FastDemo.env(api), "ANCHOR_MCP_HTTP_TOKEN_FILE", file.toString()))) {
            assertEquals(401, post(server.url(), INITIALIZE).statusCode());
            assertEquals(200, post(server.url(), INITIALIZE, "Authorization", "Bearer " + TOKEN).statusCode());
        } finally {
            java.nio.file.Files.delete(file);
        }
        assertRefusesToStart(Map.of("ANCHOR_MCP_HTTP_TOKEN_FILE", file.toString()), "127.0.0.1:0",
                "ANCHOR_MCP_HTTP_TOKEN_FILE");
        assertRefusesToStart(Map.of("ANCHOR_MCP_HTTP_TOKEN_FILE", "/nonexistent", "ANCHOR_MCP_HTTP_TOKEN", TOKEN),
                "127.0.0.1:0", "ANCHOR_MCP_HTTP_TOKEN");
    }

    @Test
    void aHostThatIsNotLoopbackRefusesToStartWithoutAToken() throws Exception {
        assertRefusesToStart(Map.of(), "0.0.0.0:0", "ANCHOR_MCP_HTTP_TOKEN");
    }

    private static void assertRefusesToStart(Map<String, String> env, String address, String variable)
            throws Exception {
        try (ServerProcess p = new ServerProcess(env, "--http", address)) {
            assertEquals(2, p.awaitExit(30), p::stderr);
            List<String> lines = p.stderr().lines().toList();
            assertEquals(1, lines.size(), p::stderr);
            assertTrue(lines.get(0).contains(variable), lines.get(0));
            assertFalse(lines.get(0).contains(TOKEN), lines.get(0));
        }
    }

    @Test
    void aForeignOriginOrHostIsRefusedAndLoopbackOnesPass() throws Exception {
        try (DemoApi api = FastDemo.start(); Http server = Http.start(FastDemo.env(api))) {
            assertEquals(403, post(server.url(), INITIALIZE, "Origin", "https://evil.example").statusCode());
            assertEquals(403, post(server.url(), INITIALIZE, "Origin", "http://localhost.evil.example:80").statusCode());
            assertEquals(200, post(server.url(), INITIALIZE, "Origin", "http://localhost:3000").statusCode());
            assertEquals(200, post(server.url(), INITIALIZE, "Origin", "https://127.0.0.1").statusCode());
            assertEquals(200, post(server.url(), INITIALIZE).statusCode(), "no Origin: a client that is not a browser");
            assertTrue(raw(server.port(), "POST /mcp HTTP/1.1\r\nHost: evil.example\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nContent-Length: " + INITIALIZE.length()
                    + "\r\nConnection: close\r\n\r\n" + INITIALIZE).startsWith("HTTP/1.1 403"));
            assertTrue(raw(server.port(), "POST /mcp HTTP/1.1\r\nHost: localhost:" + server.port()
                    + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                    + "Content-Length: " + INITIALIZE.length() + "\r\nConnection: close\r\n\r\n" + INITIALIZE)
                    .startsWith("HTTP/1.1 200"));
        }
        try (DemoApi api = FastDemo.start(); Http server = Http.start(with(FastDemo.env(api),
                "ANCHOR_MCP_ALLOWED_ORIGINS", "https://app.example.com"))) {
            assertEquals(200, post(server.url(), INITIALIZE, "Origin", "https://app.example.com").statusCode());
            assertEquals(403, post(server.url(), INITIALIZE, "Origin", "http://localhost:3000").statusCode());
        }
    }

    @Test
    void aServerBoundToAnotherLoopbackAddressTakesItsOwnHostAndOtherLoopbackNames() throws Exception {
        try (DemoApi api = FastDemo.start(); Http server = Http.startOn("127.0.0.2:0", FastDemo.env(api))) {
            assertTrue(server.url().startsWith("http://127.0.0.2:"), server.url());
            for (String host : List.of("127.0.0.2:" + server.port(), "127.0.0.2", "127.1.2.3:80", "localhost",
                    "localhost:" + server.port(), "[::1]:" + server.port(), "[::1]")) {
                assertTrue(raw("127.0.0.2", server.port(), initializeWithHost(host)).startsWith("HTTP/1.1 200"), host);
            }
            for (String host : List.of("evil.example", "128.0.0.1:" + server.port(), "127.0.0.256", "127.0.0.2.evil.example")) {
                assertTrue(raw("127.0.0.2", server.port(), initializeWithHost(host)).startsWith("HTTP/1.1 403"), host);
            }
            assertEquals(200, post(server.url(), INITIALIZE, "Origin", "http://127.0.0.2:3000").statusCode());
        }
    }

    private static String initializeWithHost(String host) {
        return "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\nContent-Length: " + INITIALIZE.length()
                + "\r\nConnection: close\r\n\r\n" + INITIALIZE;
    }

    private static String raw(int port, String request) throws IOException {
        return raw("127.0.0.1", port, request);
    }

    private static String raw(String address, int port, String request) throws IOException {
        try (Socket s = new Socket(address, port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---- whose key

    @Test
    void theCallersOwnKeyIsUsedForThatRequestAndNeverLogged() throws Exception {
        String serverKey = "server-key-canary-41b2";
        List<String> seenKeys = new CopyOnWriteArrayList<>();
        try (MockWebServer anchor = new MockWebServer()) {
            anchor.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    String key = request.getHeaders().get("anchor-api-key");
                    seenKeys.add(key);
                    // an API that echoes the key: the server must mask it
                    return new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
                            .body("{\"error\":{\"code\":401,\"message\":\"Invalid API key " + key + "\"}}").build();
                }
            });
            anchor.start();
            Map<String, String> env = Map.of("ANCHOR_API_KEY", serverKey, "ANCHOR_BASE_URL", anchor.url("/").toString());
            try (Http server = Http.start(env)) {
                HttpResponse<String> legacy = post(server.url(), legacyCall(1, BatchStatusTool.NAME,
                        DemoBatches.COMPLETED), "anchor-api-key", CALLER_KEY);
                HttpResponse<String> modern = postModern(server.url(), modernCall(2, BatchStatusTool.NAME,
                        DemoBatches.COMPLETED), BatchStatusTool.NAME, "anchor-api-key", CALLER_KEY);
                HttpResponse<String> own = post(server.url(), legacyCall(3, BatchStatusTool.NAME, DemoBatches.COMPLETED));
                assertEquals(List.of(CALLER_KEY, CALLER_KEY, serverKey), seenKeys);
                for (HttpResponse<String> r : List.of(legacy, modern, own)) {
                    assertEquals(200, r.statusCode(), r::body);
                    assertTrue(result(r).path("isError").asBoolean(), r::body);
                    assertFalse(r.body().contains(CALLER_KEY) || r.body().contains(serverKey), r::body);
                }
                HttpResponse<String> bad = post(server.url(), legacyCall(4, BatchStatusTool.NAME, DemoBatches.COMPLETED),
                        "anchor-api-key", "caller canary");
                assertTrue(result(bad).path("isError").asBoolean(), bad::body);
                assertFalse(bad.body().contains("canary"), bad::body);
                assertEquals(3, seenKeys.size(), "a key that cannot be sent is not sent");
                String log = server.process().stderr();
                assertFalse(log.contains(CALLER_KEY) || log.contains(serverKey) || log.contains("canary"), log);
            }
        }
    }

    // ---- limits and operations

    @Test
    void aBodyOverOneMegabyteGets413AndHealthzAnswersWithoutTheApi() throws Exception {
        try (DemoApi api = FastDemo.start(); Http server = Http.start(FastDemo.env(api))) {
            String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(1 << 20)
                    + "\"}}";
            HttpResponse<String> tooLarge = post(server.url(), big);
            assertEquals(413, tooLarge.statusCode());
            assertFalse(tooLarge.body().contains("<html"), tooLarge::body);
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals(405, HTTP.send(HttpRequest.newBuilder(URI.create(server.url())).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(405, HTTP.send(HttpRequest.newBuilder(URI.create(server.url())).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertFalse(health.headers().firstValue("Server").isPresent(), "no server version");
        }
    }

    @Test
    void callsBeyondTheBoundGet503WithRetryAfter() throws Exception {
        try (SilentApi silent = new SilentApi(); Http server = Http.start(Map.of("ANCHOR_API_KEY", "k",
                "ANCHOR_BASE_URL", silent.baseUrl(), "ANCHOR_MCP_MAX_IN_FLIGHT", "1", "ANCHOR_MAX_RETRIES", "0"))) {
            CompletableFuture<HttpResponse<String>> stuck = CompletableFuture.supplyAsync(() -> {
                try {
                    return post(server.url(), legacyCall(1, BatchStatusTool.NAME, DemoBatches.COMPLETED));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            silent.accepted.get(30, TimeUnit.SECONDS);
            HttpResponse<String> refused = post(server.url(), INITIALIZE);
            assertEquals(503, refused.statusCode());
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
            awaitLog(server, "legacy initialize 503 ");
            awaitLog(server, "(limit 1 in flight)");
            stuck.cancel(true);
        }
    }

    @Test
    void sigtermLetsTheCallInFlightFinishThenExitsZero() throws Exception {
        try (MockWebServer anchor = new MockWebServer()) {
            anchor.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder().code(404).setHeader("Content-Type", "application/json")
                            .body("{\"error\":{\"code\":404,\"message\":\"Batch not found\"}}")
                            .headersDelay(2, TimeUnit.SECONDS).build();
                }
            });
            anchor.start();
            try (Http server = Http.start(Map.of("ANCHOR_API_KEY", "k", "ANCHOR_BASE_URL", anchor.url("/").toString()))) {
                CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(() -> {
                    try {
                        return post(server.url(), legacyCall(1, BatchStatusTool.NAME, DemoBatches.COMPLETED));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertNotNull(anchor.takeRequest(10, TimeUnit.SECONDS), "the call reached the API");
                server.process().terminate();
                HttpResponse<String> answered = call.get(20, TimeUnit.SECONDS);
                assertEquals(200, answered.statusCode(), answered::body);
                assertTrue(result(answered).path("content").get(0).path("text").asString().startsWith("No batch"),
                        answered::body);
                assertEquals(0, server.process().awaitExit(20), server.process()::stderr);
            }
        }
    }

    /** The lifecycle tools over HTTP, in both eras, each request to the other of two instances sharing one API. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"modern", "legacy"})
    void theLifecycleToolsWorkOverHttpOnEitherInstance(String era) throws Exception {
        try (DemoApi api = FastDemo.start(); Http a = Http.start(FastDemo.env(api)); Http b = Http.start(FastDemo.env(api))) {
            boolean modern = era.equals("modern");
            JsonNode created = lifecycleCall(a, modern, CreateBatchTool.NAME, "{\"count\":2}").path("structuredContent");
            String id = created.path("batch_id").asString();
            assertEquals(WaitTool.NAME, created.path("next_call").path("tool").asString(), created::toString);
            JsonNode listed = lifecycleCall(b, modern, ListBatchesTool.NAME, "{\"limit\":1}").path("structuredContent");
            assertEquals(id, listed.path("batches").path(0).path("batch_id").asString(), "the other instance lists it first");
            JsonNode cancelled = lifecycleCall(a, modern, CancelBatchTool.NAME, "{\"batch_id\":\"" + id + "\"}");
            assertFalse(cancelled.path("isError").asBoolean(), cancelled::toString);
            assertEquals("cancelled", cancelled.path("structuredContent").path("status").asString());
            JsonNode again = lifecycleCall(b, modern, CancelBatchTool.NAME, "{\"batch_id\":\"" + id + "\"}");
            // Already over (409): the browsers the cancel terminated are found gone (or there were none). Not an
            // error, nothing ended again.
            assertFalse(again.path("isError").asBoolean(false), "already over: " + again);
            assertTrue(again.path("content").path(0).path("text").asString().contains("is already cancelled, so it cannot"
                    + " be cancelled (HTTP 409)"), again::toString);
            assertEquals(0, again.path("structuredContent").path("ended_sessions").asInt(), again::toString);
            JsonNode retried = lifecycleCall(a, modern, RetryBatchTool.NAME, "{\"batch_id\":\"" + id + "\"}");
            assertTrue(retried.path("isError").asBoolean(), "nothing failed, nothing retried: " + retried);
        }
    }

    private static JsonNode lifecycleCall(Http server, boolean modern, String tool, String arguments) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + (modern ? "," + MODERN_META : "") + "}}";
        return result(modern ? postModern(server.url(), body, tool)
                : post(server.url(), body, "MCP-Protocol-Version", "2025-06-18"));
    }

    @Test
    void twoInstancesAnswerOneClientAlternatelyWithTheSameResults() throws Exception {
        try (DemoApi api = FastDemo.start(); Http a = Http.start(FastDemo.env(api)); Http b = Http.start(FastDemo.env(api))) {
            // initialize era: initialize on one, the calls on the other, then back
            assertEquals("2025-06-18", result(post(a.url(), INITIALIZE)).path("protocolVersion").asString());
            String[] batches = {DemoBatches.COMPLETED, DemoBatches.PARTLY_FAILED, DemoBatches.FAILED, DemoBatches.CANCELLED};
            List<JsonNode> legacy = new ArrayList<>();
            List<JsonNode> modern = new ArrayList<>();
            for (int i = 0; i < batches.length; i++) {
                Http one = i % 2 == 0 ? b : a;
                Http other = i % 2 == 0 ? a : b;
                JsonNode first = result(post(one.url(), legacyCall(i, BatchStatusTool.NAME, batches[i]),
                        "MCP-Protocol-Version", "2025-06-18"));
                JsonNode second = result(post(other.url(), legacyCall(i, BatchStatusTool.NAME, batches[i]),
                        "MCP-Protocol-Version", "2025-06-18"));
                assertEquals(first, second, "either instance answers the same");
                legacy.add(first);
                // 2026-07-28: every request to the other instance
                modern.add(result(postModern((i % 2 == 0 ? a : b).url(), modernCall(i, BatchStatusTool.NAME, batches[i]),
                        BatchStatusTool.NAME)));
            }
            for (int i = 0; i < batches.length; i++) {
                assertEquals(legacy.get(i).path("structuredContent"), modern.get(i).path("structuredContent"));
                assertEquals(legacy.get(i).path("content"), modern.get(i).path("content"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"modern", "legacy"})
    void aClientThatGoesAwayCancelsTheCallAndItsRequestToTheApi(String era) throws Exception {
        try (SilentApi silent = new SilentApi(); Http server = Http.start(Map.of("ANCHOR_API_KEY", "k",
                "ANCHOR_BASE_URL", silent.baseUrl(), "ANCHOR_MAX_RETRIES", "0"))) {
            boolean modern = era.equals("modern");
            String body = modern ? modernCall(1, BatchStatusTool.NAME, DemoBatches.COMPLETED)
                    : legacyCall(1, BatchStatusTool.NAME, DemoBatches.COMPLETED);
            String eraHeaders = modern ? "MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/call\r\nMcp-Name: "
                    + BatchStatusTool.NAME + "\r\n" : ""; // a stateless legacy call needs no initialize before it
            Socket client = new Socket("127.0.0.1", server.port());
            OutputStream out = client.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\n" + eraHeaders + "Content-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            silent.accepted.get(30, TimeUnit.SECONDS);
            long closed = System.nanoTime();
            client.close();
            silent.hungUp.get(10, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - closed < TimeUnit.SECONDS.toNanos(5), "cancelled promptly, not by a timeout");
            awaitLog(server, "cancelled: the client closed the connection");
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "the server goes on");
        }
    }

    /** The access line comes after the response: wait for it. */
    private static void awaitLog(Http server, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.process().stderr().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(server.process().stderr().contains(text), server.process()::stderr);
    }

    // ---- stdio stays free of HTTP

    @Test
    void onStdioNoJettyOrServletClassLoads() throws Exception {
        java.nio.file.Path log = java.nio.file.Files.createTempFile("classes", ".log");
        try (DemoApi api = FastDemo.start();
                ServerProcess p = new ServerProcess(FastDemo.env(api), List.of("-Xlog:class+load:file=" + log))) {
            p.initialize();
            p.send(ServerProcess.toolCall(1, DemoBatches.COMPLETED));
            assertNotNull(p.response("1", 30), p::stderr);
            p.closeStdin();
            assertEquals(0, p.awaitExit(30));
            List<String> loaded = java.nio.file.Files.readAllLines(log);
            assertTrue(loaded.stream().anyMatch(l -> l.contains("io.github.anchorbatchmcp.Main ")), "the log has classes");
            List<String> http = loaded.stream().filter(l -> l.contains("org.eclipse.jetty") || l.contains("jakarta.servlet")
                    || l.contains("anchorbatchmcp.transport.http")).toList();
            assertEquals(List.of(), http, "HTTP classes loaded on stdio");
        } finally {
            java.nio.file.Files.deleteIfExists(log);
        }
    }
}
