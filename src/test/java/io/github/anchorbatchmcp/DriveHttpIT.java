package io.github.anchorbatchmcp;

import static io.github.anchorbatchmcp.ScriptedAnchor.endOf;
import static io.github.anchorbatchmcp.ScriptedAnchor.gotoOf;
import static io.github.anchorbatchmcp.ScriptedAnchor.pagesOf;
import static io.github.anchorbatchmcp.ScriptedAnchor.screenshotOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.tools.BrowseTool;
import io.github.anchorbatchmcp.tools.CancelBatchTool;
import io.github.anchorbatchmcp.tools.OutputSchema;
import io.github.anchorbatchmcp.tools.TaskTool;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The drive tools over Streamable HTTP ({@code --http 127.0.0.1:0}, one server for the class, at debug
 * level) with the MCP Java SDK's HTTP clients of both eras, against a scripted API: the contact sheet
 * reaching each client as an image block, the same result in both eras, a task's progress over the
 * 2026-07-28 client's SSE stream, the end of a completed batch, a client that closes its connection
 * closing every request in flight, and the debug log showing what the clients sent, secrets masked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriveHttpIT {

    static final String KEY = "sk-http-drive-canary-61f0d3";
    static final String SECRET = "http-secret-canary-9a2c";

    private ScriptedAnchor api;
    private HttpServerIT.Http server;

    @BeforeAll
    void start() throws Exception {
        api = new ScriptedAnchor(KEY);
        server = HttpServerIT.Http.start(api.env("ANCHOR_LOG_LEVEL", "debug"));
    }

    @BeforeEach
    void resetApi() {
        api.reset();
    }

    @AfterAll
    void stop() {
        try {
            String log = server.process().stderr();
            assertFalse(log.contains(KEY) || log.contains(SECRET), "neither the key nor a secret is logged");
        } finally {
            server.close();
            api.close();
        }
    }

    private McpSyncClient modernClient() {
        return McpClient.sync(HttpClientMcpTransport.builder(server.url()).build())
                .clientInfo(McpSchema.Implementation.builder("drive-http-it", "1").build())
                .roundTimeout(Duration.ofSeconds(60)).build();
    }

    private io.modelcontextprotocol.client.McpSyncClient legacyClient() {
        var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + server.port()).endpoint("/mcp")
                .build();
        var client = io.modelcontextprotocol.client.McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .build();
        client.initialize();
        return client;
    }

    /** A value as JSON, through the SDK's mapper, so that both eras' Java types compare as JSON. */
    static JsonNode json(Object value) {
        try {
            return JsonMapper.shared().readTree(McpJsonDefaults.getMapper().writeValueAsString(value));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Object> arguments(Object... pairs) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("batch_id", ScriptedAnchor.BATCH);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void bothClientsGetTheContactSheetAsAnImageAndTheSameResult() throws Exception {
        List<String> urls = List.of("https://a.example/", "https://b.example/");
        Map<String, Object> browse = arguments("urls", urls, "look", "both");

        McpSchema.CallToolResult modern = modernClient().tool(BrowseTool.NAME).arguments(browse).call();
        assertFalse(Boolean.TRUE.equals(modern.isError()), modern::toString);
        McpSchema.ImageContent modernImage = assertInstanceOf(McpSchema.ImageContent.class, modern.content().get(1));
        List<String> once = api.lines();
        api.reset();
        CallToolResult legacy;
        try (var client = legacyClient()) {
            legacy = client.callTool(CallToolRequest.builder(BrowseTool.NAME).arguments(browse).build());
        }
        assertFalse(Boolean.TRUE.equals(legacy.isError()), legacy::toString);
        ImageContent legacyImage = assertInstanceOf(ImageContent.class, legacy.content().get(1));

        assertEquals(once.stream().sorted().toList(), api.lines().stream().sorted().toList(),
                "the same requests in both eras (sessions in parallel: in any order between them)");
        for (int i = 0; i < 2; i++) {
            assertTrue(once.indexOf("POST " + gotoOf(i) + " {\"url\":\"" + urls.get(i) + "\"}") < once.indexOf(
                    "GET " + pagesOf(i)) && once.indexOf("GET " + pagesOf(i)) < once.indexOf("GET " + screenshotOf(i)),
                    "session " + i + " opened its own URL, then was looked at: " + once);
        }
        assertEquals(json(legacy.structuredContent()), json(modern.structuredContent()));
        assertEquals(json(legacy.content()), json(modern.content()), "the same text and the same image bytes");
        assertEquals("image/jpeg", modernImage.mimeType());
        McpSchema.CallToolResult streamed = modernClient().tool(BrowseTool.NAME).arguments(browse).progress(p -> { })
                .call();
        assertEquals(json(modern.content()), json(streamed.content()), "the same image in a streamed response (progress"
                + " token given)");
        JsonNode structured = json(modern.structuredContent());
        OutputSchema.assertValid(BrowseTool.NAME, modern.structuredContent());
        Sheets.assertTiles(structured.path("contact_sheet"), Sheets.decode(modernImage.data(), modernImage.mimeType()),
                List.of(0, 1), ScriptedAnchor::colour);
        Sheets.decode(legacyImage.data(), legacyImage.mimeType());
    }

    @Test
    void theModernClientHearsEachTaskFinishAndSecretsStayMaskedInTheLog() throws Exception {
        api.doneAtPoll(ScriptedAnchor.workflowId(2), 2);
        List<McpSchema.ProgressParams> notes = new CopyOnWriteArrayList<>();
        McpSchema.CallToolResult result = modernClient().tool(TaskTool.NAME)
                .arguments(arguments("prompt", "Find the price", "secret_values", Map.of("password", SECRET)))
                .progress(notes::add).call();
        assertFalse(Boolean.TRUE.equals(result.isError()), result::toString);
        List<Double> progress = new ArrayList<>();
        notes.forEach(n -> {
            progress.add(n.progress());
            assertEquals(3.0, n.total(), n::toString);
        });
        assertEquals(List.of(0.0, 2.0, 3.0), progress, "over the request's own SSE stream, as tasks finished");
        JsonNode tasks = json(result.structuredContent()).path("tasks");
        assertEquals(3, tasks.size());
        tasks.forEach(t -> assertEquals("completed", t.path("status").asString(), t::toString));
        assertEquals(3, api.lines().stream().filter(l -> l.startsWith("POST /v1/tools/perform-web-task?")).count());
        String log = server.process().stderr();
        assertTrue(log.contains("\"secret_values\":{\"password\":\"***\"}"), "the call, masked, in the debug log: " + log);
        assertFalse(log.contains(SECRET));
    }

    @Test
    void theLegacyClientEndsEachSessionOfACompletedBatch() throws Exception {
        api.answer("DELETE", endOf(1), r -> ScriptedAnchor.error(404, "Session not found"));
        try (var client = legacyClient()) {
            CallToolResult result = client.callTool(CallToolRequest.builder(CancelBatchTool.NAME)
                    .arguments(arguments()).build());
            assertFalse(Boolean.TRUE.equals(result.isError()), result::toString);
            JsonNode structured = json(result.structuredContent());
            assertEquals(2, structured.path("ended_sessions").asInt(), structured::toString);
            assertEquals(1, structured.path("already_ended").asInt());
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(1, api.lines().stream().filter(("DELETE " + endOf(i))::equals).count(), api.lines()::toString);
        }
        assertEquals(1, api.lines().stream().filter(l -> l.startsWith("PATCH ")).count());
    }

    @Test
    void aCallersOwnKeyDrivesEverySessionAndNeverTheServersKey() throws Exception {
        String caller = "caller-drive-canary-c0ffee";
        api.alsoAccept(caller);
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + BrowseTool.NAME
                + "\",\"arguments\":" + JsonMapper.shared().writeValueAsString(arguments("url", "https://a.example/", "look",
                "both")) + "," + HttpServerIT.MODERN_META + "}}";
        JsonNode result = HttpServerIT.result(HttpServerIT.postModern(server.url(), body, BrowseTool.NAME,
                "anchor-api-key", caller));
        assertFalse(result.path("isError").asBoolean(), result::toString);
        assertEquals(1 + 3 * 4, api.requests(), api.lines()::toString);
        assertTrue(api.seen().stream().allMatch(r -> caller.equals(r.key())), "the caller's key on every request");
        assertFalse(server.process().stderr().contains(caller), "never logged");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"modern", "legacy"})
    void aClientThatClosesItsConnectionClosesEveryRequestInFlight(String era) throws Exception {
        for (int i = 0; i < 3; i++) {
            api.answer("GET", screenshotOf(i), r -> api.hold());
        }
        boolean modern = era.equals("modern");
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + BrowseTool.NAME
                + "\",\"arguments\":" + JsonMapper.shared().writeValueAsString(arguments())
                + (modern ? "," + HttpServerIT.MODERN_META : "") + "}}";
        String eraHeaders = modern ? "MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/call\r\nMcp-Name: "
                + BrowseTool.NAME + "\r\n" : "";
        try (Socket client = new Socket("127.0.0.1", server.port())) {
            OutputStream out = client.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\n" + eraHeaders + "Content-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            await(() -> api.held() == 3, "three screenshots in flight");
        }
        int before = api.requests();
        await(() -> api.hungUp() == 3, "every request in flight closed; closed " + api.hungUp());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.process().stderr().contains("cancelled: the client closed the connection")
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(server.process().stderr().contains("cancelled: the client closed the connection"),
                server.process()::stderr);
        assertEquals(before, api.requests(), "nothing more was asked: " + api.lines());
    }

    @Test
    void theDebugLogShowsTheDiscoverAModernClientSentAndOnlyTheInitializesClientsSent() throws Exception {
        McpSchema.DiscoverResult discover = modernClient().discover();
        assertEquals(List.of(ModernLines.VERSION), discover.supportedVersions());
        try (var client = legacyClient()) {
            client.listTools();
        }
        String log = server.process().stderr();
        assertTrue(log.lines().anyMatch(l -> l.contains("received {") && l.contains("\"method\":\"server/discover\"")),
                log);
        long sent = log.lines().filter(l -> l.contains("http POST /mcp legacy initialize ")).count();
        long received = log.lines().filter(l -> l.contains("received {") && l.contains("\"method\":\"initialize\"")).count();
        assertTrue(sent >= 1, log);
        assertEquals(sent, received, "one received line per initialize a client sent, and no other: " + log);
    }
}
