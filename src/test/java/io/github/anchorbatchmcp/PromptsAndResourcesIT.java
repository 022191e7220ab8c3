package io.github.anchorbatchmcp;

import static io.github.anchorbatchmcp.DriveHttpIT.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.anchorbatchmcp.demo.DemoApi;
import io.github.anchorbatchmcp.demo.DemoBatches;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prompts and resources through the MCP Java SDK's own clients, in both eras, over stdio and over
 * Streamable HTTP, against the demo's simulated API: lists, a prompt's message, a batch read as the
 * status report, the dashboard, each era's errors, the 2026-07-28 cache hints, read-only mode, and a
 * caller's own key over HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromptsAndResourcesIT {

    static final String DASHBOARD = "ui://anchor-batch/dashboard";
    static final String BATCH = "anchor-batch://batches/";

    /** One client of one era on one transport; every answer as JSON, every JSON-RPC error as {@link Failure}. */
    enum Side {
        STDIO_LEGACY, STDIO_MODERN, HTTP_LEGACY, HTTP_MODERN;

        boolean modern() {
            return this == STDIO_MODERN || this == HTTP_MODERN;
        }

        /** The code each era gives for a resource that does not exist. */
        int missingResource() {
            return modern() ? -32602 : -32002;
        }
    }

    record Failure(int code, String message, JsonNode data) {
    }

    private DemoApi api;
    private HttpServerIT.Http http;
    private final List<AutoCloseable> open = new ArrayList<>();
    private io.modelcontextprotocol.client.McpSyncClient stdioLegacy;
    private io.modelcontextprotocol.client.McpSyncClient httpLegacy;
    private McpSyncClient stdioModern;
    private McpSyncClient httpModern;

    @BeforeAll
    void start() throws Exception {
        api = FastDemo.start();
        http = HttpServerIT.Http.start(FastDemo.env(api));
        List<String> command = ServerProcess.command();
        ServerParameters stdio = ServerParameters.builder(command.get(0)).args(command.subList(1, command.size()))
                .env(FastDemo.env(api)).build();
        stdioLegacy = io.modelcontextprotocol.client.McpClient.sync(new StdioClientTransport(stdio,
                McpJsonDefaults.getMapper())).requestTimeout(Duration.ofSeconds(30)).build();
        stdioLegacy.initialize();
        httpLegacy = io.modelcontextprotocol.client.McpClient.sync(HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + http.port()).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(30)).build();
        httpLegacy.initialize();
        ModernStdioIT.ModernSession session = ModernStdioIT.ModernSession.start(FastDemo.env(api));
        open.add(session);
        stdioModern = session.client();
        httpModern = McpClient.sync(HttpClientMcpTransport.builder(http.url()).build())
                .clientInfo(McpSchema.Implementation.builder("prompts-it", "1").build())
                .roundTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    void stop() throws Exception {
        stdioLegacy.close();
        httpLegacy.close();
        for (AutoCloseable c : open) {
            c.close();
        }
        http.close();
        api.close();
    }

    // ---- what each side asks, as JSON

    private io.modelcontextprotocol.client.McpSyncClient legacy(Side side) {
        return side == Side.STDIO_LEGACY ? stdioLegacy : httpLegacy;
    }

    private McpSyncClient modern(Side side) {
        return side == Side.STDIO_MODERN ? stdioModern : httpModern;
    }

    JsonNode prompts(Side side) {
        return json(side.modern() ? modern(side).prompts().list() : legacy(side).listPrompts());
    }

    JsonNode prompt(Side side, String name, Map<String, String> arguments) {
        return json(side.modern() ? modern(side).prompt(name).arguments(arguments).get()
                : legacy(side).getPrompt(new GetPromptRequest(name, new HashMap<>(arguments))));
    }

    JsonNode resources(Side side) {
        return json(side.modern() ? modern(side).resources().list() : legacy(side).listResources());
    }

    JsonNode templates(Side side) {
        return json(side.modern() ? modern(side).resourceTemplates().list() : legacy(side).listResourceTemplates());
    }

    JsonNode read(Side side, String uri) {
        return json(side.modern() ? modern(side).resource(uri).read() : legacy(side).readResource(new ReadResourceRequest(uri)));
    }

    JsonNode status(Side side, String batchId) {
        Map<String, Object> args = Map.of("batch_id", batchId);
        return json(side.modern() ? modern(side).tool("get_batch_session_status").arguments(args).call()
                : legacy(side).callTool(CallToolRequest.builder("get_batch_session_status").arguments(args).build()));
    }

    JsonNode list(Side side) {
        Map<String, Object> args = Map.of("limit", 20);
        return json(side.modern() ? modern(side).tool("list_batch_sessions").arguments(args).call()
                : legacy(side).callTool(CallToolRequest.builder("list_batch_sessions").arguments(args).build()));
    }

    /** The JSON-RPC error the call ends in; fails when it gives a result. */
    static Failure failure(Supplier<?> call) {
        Object result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof McpError legacy) {
                    var error = legacy.getJsonRpcError();
                    return new Failure(error.code(), error.message(), json(error.data()));
                }
                if (t instanceof McpException modern) {
                    var error = modern.error();
                    return new Failure(error.code(), error.message(), json(error.data()));
                }
            }
            throw e;
        }
        return fail("expected a JSON-RPC error, got " + result);
    }

    private static String message(JsonNode prompt) {
        JsonNode messages = prompt.path("messages");
        assertEquals(1, messages.size(), prompt::toString);
        assertEquals("user", messages.path(0).path("role").asString());
        return messages.path(0).path("content").path("text").asString();
    }

    // ---- prompts

    @ParameterizedTest
    @EnumSource(Side.class)
    void bothPromptsAreListedWithTheirArguments(Side side) {
        JsonNode prompts = prompts(side).path("prompts");
        assertEquals(List.of("get_browsers", "check_batch"), names(prompts, "name"));
        JsonNode args = prompts.path(0).path("arguments");
        assertEquals(List.of("count", "url", "task"), names(args, "name"));
        assertEquals(List.of(true, false, false), List.of(args.path(0).path("required").asBoolean(),
                args.path(1).path("required").asBoolean(), args.path(2).path("required").asBoolean()));
        assertEquals(List.of("batch_id"), names(prompts.path(1).path("arguments"), "name"));
        assertTrue(prompts.path(1).path("arguments").path(0).path("required").asBoolean());
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void getBrowsersNamesTheToolsAndTheNumbersGiven(Side side) {
        String browse = message(prompt(side, "get_browsers", Map.of("count", "3", "url", "https://example.com")));
        assertContainsInOrder(browse, "create_batch_sessions with count 3 and initial_url \"https://example.com\"",
                "wait_for_batch_sessions", "min_ready 3", "browse_batch_sessions", "cancel_batch_sessions");
        assertFalse(browse.contains("run_task_in_batch_sessions"), browse);

        String task = message(prompt(side, "get_browsers", Map.of("count", "2", "task", "Find the \"price\"")));
        assertContainsInOrder(task, "create_batch_sessions with count 2", "min_ready 2",
                "run_task_in_batch_sessions with the batch_id and this prompt: \"Find the \\\"price\\\"\"",
                "cancel_batch_sessions");
        assertFalse(task.contains("initial_url"), "no url given: " + task);
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void checkBatchAsksForTheStatusOfThatBatch(Side side) {
        String text = message(prompt(side, "check_batch", Map.of("batch_id", DemoBatches.MOVING.toUpperCase())));
        assertContainsInOrder(text, "get_batch_session_status with batch_id " + DemoBatches.MOVING, "next step",
                "wait_for_batch_sessions", "cancel_batch_sessions");
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void aBadOrMissingArgumentIsInvalidParamsNamingIt(Side side) {
        Map<String, Map<String, String>> getBrowsers = Map.of(
                "count", Map.of(),
                "count must be a whole number", Map.of("count", "three"),
                "count must be a whole number from 1 to 10", Map.of("count", "11"),
                "url must be an absolute http:// or https:// URL", Map.of("count", "2", "url", "javascript:alert(1)"));
        getBrowsers.forEach((expected, args) -> {
            Failure f = failure(() -> prompt(side, "get_browsers", args));
            assertEquals(-32602, f.code(), f::toString);
            assertTrue(f.message().contains(expected), f.message());
        });
        for (Map<String, String> args : List.of(Map.<String, String>of(), Map.of("batch_id", "not-a-batch"))) {
            Failure f = failure(() -> prompt(side, "check_batch", args));
            assertEquals(-32602, f.code(), f::toString);
            assertTrue(f.message().contains("batch_id"), f.message());
        }
        assertEquals(-32602, failure(() -> prompt(side, "no_such_prompt", Map.of())).code());
    }

    // ---- resources

    @ParameterizedTest
    @EnumSource(Side.class)
    void theListHoldsTheDashboardThenTheNewestBatchesOfTheKey(Side side) {
        JsonNode resources = resources(side).path("resources");
        JsonNode dashboard = resources.path(0);
        assertEquals(DASHBOARD, dashboard.path("uri").asString());
        assertEquals("text/html;profile=mcp-app", dashboard.path("mimeType").asString());
        assertTrue(dashboard.path("_meta").path("ui").path("prefersBorder").asBoolean());
        assertEquals("[\"user\"]", dashboard.path("annotations").path("audience").toString(), "for the person");

        Set<String> listed = new TreeSet<>();
        for (int i = 1; i < resources.size(); i++) {
            JsonNode r = resources.path(i);
            String uri = r.path("uri").asString();
            assertTrue(uri.startsWith(BATCH), uri);
            String id = uri.substring(BATCH.length());
            assertTrue(r.path("name").asString().contains(id), r::toString);
            assertEquals("application/json", r.path("mimeType").asString());
            listed.add(id);
        }
        Set<String> newest = new TreeSet<>();
        list(side).path("structuredContent").path("batches").forEach(b -> newest.add(b.path("batch_id").asString()));
        assertEquals(newest, listed, "the batches list_batch_sessions gives with limit 20");
        assertFalse(listed.isEmpty());
        JsonNode completed = find(resources, BATCH + DemoBatches.COMPLETED);
        assertTrue(completed.path("name").asString().contains("completed"), completed::toString);
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void theTemplateIsTheBatchUri(Side side) {
        JsonNode templates = templates(side).path("resourceTemplates");
        assertEquals(1, templates.size(), templates::toString);
        assertEquals("anchor-batch://batches/{batch_id}", templates.path(0).path("uriTemplate").asString());
        assertEquals("application/json", templates.path(0).path("mimeType").asString());
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void aBatchReadsAsTheStatusToolsReport(Side side) throws Exception {
        JsonNode contents = read(side, BATCH + DemoBatches.COMPLETED).path("contents");
        assertEquals(1, contents.size());
        assertEquals(BATCH + DemoBatches.COMPLETED, contents.path(0).path("uri").asString());
        assertEquals("application/json", contents.path(0).path("mimeType").asString());
        JsonNode report = JsonMapper.shared().readTree(contents.path(0).path("text").asString());
        assertEquals(status(side, DemoBatches.COMPLETED).path("structuredContent"), report);
        assertEquals("completed", report.path("status").asString());
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void theDashboardReadsAsOneSelfContainedAppDocument(Side side) {
        JsonNode content = read(side, DASHBOARD).path("contents").path(0);
        assertEquals("text/html;profile=mcp-app", content.path("mimeType").asString());
        String html = content.path("text").asString();
        assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, Math.min(80, html.length())));
        assertTrue(html.contains("data-mode=\"full\""), "a full server offers to end browsers");
        assertTrue(content.path("_meta").path("ui").path("prefersBorder").asBoolean());
        assertFalse(content.path("_meta").path("ui").has("csp"), "no domain beyond the default policy");
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void aMissingResourceIsTheErrorOfTheEra(Side side) {
        for (String uri : List.of(BATCH + ModernStdioIT.UNKNOWN, BATCH + "not-a-uuid", "file:///etc/passwd",
                "ui://anchor-batch/other")) {
            Failure f = failure(() -> read(side, uri));
            assertEquals(side.missingResource(), f.code(), uri + ": " + f);
            assertEquals(uri, f.data().path("uri").asString(), f::toString);
        }
        Failure unknown = failure(() -> read(side, BATCH + ModernStdioIT.UNKNOWN));
        assertTrue(unknown.message().contains("No batch " + ModernStdioIT.UNKNOWN), unknown.message());
    }

    /** 2026-07-28 results are cacheable: the batch list depends on the key, the dashboard on the server only. */
    @Test
    void theModernListsAndReadsSayHowLongAndForWhomTheyKeep() {
        for (McpSyncClient client : List.of(stdioModern, httpModern)) {
            McpSchema.ListResourcesResult list = client.resources().list();
            assertEquals(McpSchema.CacheScope.PRIVATE, list.cacheScope());
            assertTrue(list.ttlMs() > 0 && list.ttlMs() <= 60_000, "a short freshness: " + list.ttlMs());
            McpSchema.ListPromptsResult prompts = client.prompts().list();
            assertEquals(McpSchema.CacheScope.PUBLIC, prompts.cacheScope());
            assertEquals(McpSchema.CacheScope.PUBLIC, client.resourceTemplates().list().cacheScope());
            McpSchema.ReadResourceResult dashboard = client.resource(DASHBOARD).read();
            assertEquals(McpSchema.CacheScope.PUBLIC, dashboard.cacheScope());
            assertTrue(dashboard.ttlMs() >= 3_600_000, "long-lived: " + dashboard.ttlMs());
            assertEquals(McpSchema.CacheScope.PRIVATE, client.resource(BATCH + DemoBatches.COMPLETED).read().cacheScope());
        }
    }

    /** Read-only hides nothing here, but a prompt that creates browsers, and the dashboard's End button. */
    @Test
    void aReadOnlyServerOffersCheckBatchAndADashboardWithoutEnd() throws Exception {
        Map<String, String> env = new HashMap<>(FastDemo.env(api));
        env.put("ANCHOR_READ_ONLY", "true");
        try (ModernStdioIT.ModernSession session = ModernStdioIT.ModernSession.start(env)) {
            assertEquals(List.of("check_batch"), session.client().prompts().list().prompts().stream()
                    .map(McpSchema.Prompt::name).toList());
            String html = ((McpSchema.TextResourceContents) session.client().resource(DASHBOARD).read().contents()
                    .get(0)).text();
            assertTrue(html.contains("data-mode=\"read-only\"") && !html.contains("data-mode=\"full\""));
            List<String> uris = session.client().resources().list().resources().stream().map(McpSchema.Resource::uri)
                    .toList();
            assertTrue(uris.contains(BATCH + DemoBatches.COMPLETED), uris::toString);
        }
    }

    /** Over HTTP, a caller's own key (the anchor-api-key header) lists with that key, and never shows in an answer. */
    @Test
    void aCallersOwnKeyListsWithThatKey() throws Exception {
        String wrongKey = "caller-key-canary-31b7";
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.url()))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("anchor-api-key", wrongKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/list\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer::body);
        JsonNode error = JsonMapper.shared().readTree(answer.body()).path("error");
        assertEquals(-32603, error.path("code").asInt(), answer::body);
        assertTrue(error.path("message").asString().contains("rejected the API key"), answer::body);
        assertFalse(answer.body().contains(wrongKey));
        assertFalse(http.process().stderr().contains(wrongKey));
    }

    // ----

    private static List<Object> names(JsonNode array, String field) {
        List<Object> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asString()));
        return out;
    }

    private static JsonNode find(JsonNode resources, String uri) {
        for (JsonNode r : resources) {
            if (uri.equals(r.path("uri").asString())) {
                return r;
            }
        }
        return fail(uri + " is not listed: " + resources);
    }

    private static void assertContainsInOrder(String text, String... parts) {
        int from = 0;
        for (String part : parts) {
            int at = text.indexOf(part, from);
            assertTrue(at >= 0, "\"" + part + "\" after position " + from + " in: " + text);
            from = at + part.length();
        }
    }
}
