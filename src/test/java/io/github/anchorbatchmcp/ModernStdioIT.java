package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.anchor.Fixtures;
import io.github.anchorbatchmcp.demo.DemoApi;
import io.github.anchorbatchmcp.demo.DemoBatches;
import io.github.anchorbatchmcp.tools.BatchStatusTool;
import io.github.anchorbatchmcp.tools.OutputSchema;
import io.github.anchorbatchmcp.tools.ToolCatalog;
import io.github.anchorbatchmcp.tools.WaitTool;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.StdioMcpClientTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built jar through the MCP Java SDK 2.2.0's own 2026-07-28 client ({@code modern.client}), one
 * connection per test: discovery, the cacheable tool list, both tools giving exactly what the
 * initialize era gives for the same API answer, progress, and cancellation.
 */
class ModernStdioIT {

    static final String UNKNOWN = "12345678-1234-4234-8234-123456789012";

    /** A modern client on a new server process; closing it ends the process. */
    record ModernSession(StdioMcpClientTransport transport, McpSyncClient client, List<String> stderr)
            implements AutoCloseable {

        static ModernSession start(Map<String, String> env) {
            List<String> stderr = new CopyOnWriteArrayList<>();
            List<String> command = ServerProcess.command();
            StdioMcpClientTransport transport = StdioMcpClientTransport.builder(ServerParameters.builder(command.get(0))
                    .args(command.subList(1, command.size())).env(env).build()).stderrConsumer(stderr::add).start();
            McpSyncClient client = McpClient.sync(transport)
                    .clientInfo(McpSchema.Implementation.builder("modern-it", "1").build())
                    .roundTimeout(Duration.ofSeconds(30)).build();
            return new ModernSession(transport, client, stderr);
        }

        @Override
        public void close() {
            transport.close();
        }
    }

    /** A value as JSON, through the SDK's mapper, so that both eras' Java types compare as JSON. */
    private static JsonNode json(Object value) {
        try {
            return JsonMapper.shared().readTree(McpJsonDefaults.getMapper().writeValueAsString(value));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** What a client can read from a call, in either era. */
    private static JsonNode outcome(boolean isError, String text, Object structuredContent) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("isError", isError);
        out.put("text", text);
        out.put("structuredContent", structuredContent);
        return json(out);
    }

    private static JsonNode modernOutcome(McpSchema.CallToolResult r) {
        assertEquals(McpSchema.ResultType.COMPLETE, r.resultType(), r::toString);
        String text = assertInstanceOf(McpSchema.TextContent.class, r.content().get(0)).text();
        return outcome(Boolean.TRUE.equals(r.isError()), text, r.structuredContent());
    }

    private static JsonNode legacyOutcome(CallToolResult r) {
        String text = assertInstanceOf(TextContent.class, r.content().get(0)).text();
        return outcome(Boolean.TRUE.equals(r.isError()), text, r.structuredContent());
    }

    /** A tool and its arguments, called in both eras. */
    record Call(String tool, Map<String, Object> arguments) {
    }

    static final List<Call> CALLS = List.of(
            new Call(BatchStatusTool.NAME, Map.of("batch_id", DemoBatches.COMPLETED)),
            new Call(BatchStatusTool.NAME, Map.of("batch_id", DemoBatches.PARTLY_FAILED)),
            new Call(BatchStatusTool.NAME, Map.of("batch_id", DemoBatches.FAILED)),
            new Call(BatchStatusTool.NAME, Map.of("batch_id", DemoBatches.CANCELLED)),
            new Call(BatchStatusTool.NAME, Map.of("batch_id", DemoBatches.LARGE)),
            new Call(BatchStatusTool.NAME, Map.of("batch_id", UNKNOWN)),
            new Call(BatchStatusTool.NAME, Map.of("batch_id", "../../admin")),
            new Call(WaitTool.NAME, Map.of("batch_id", DemoBatches.COMPLETED)),
            new Call(WaitTool.NAME, Map.of("batch_id", DemoBatches.FAILED, "timeout_seconds", 5)),
            new Call(WaitTool.NAME, Map.of("batch_id", DemoBatches.PARTLY_FAILED, "min_ready", 2)));

    @Test
    void discoverNamesTheVersionTheCapabilitiesAndTheServer() throws Exception {
        try (DemoApi api = FastDemo.start(); ModernSession session = ModernSession.start(FastDemo.env(api))) {
            McpSchema.DiscoverResult discover = session.client().discover();
            assertEquals(List.of(ModernLines.VERSION), discover.supportedVersions());
            assertNotNull(discover.capabilities().tools(), "the tools capability");
            assertTrue(discover.instructions().startsWith("Gives you many cloud browsers at once"), discover.instructions());
            assertTrue(discover.ttlMs() != null && discover.ttlMs() > 0, "ttlMs " + discover.ttlMs());
            assertEquals(McpSchema.CacheScope.PUBLIC, discover.cacheScope());
            assertEquals(McpSchema.ResultType.COMPLETE, discover.resultType());
            Map<?, ?> serverInfo = (Map<?, ?>) discover.meta().get(ModernLines.SERVER_INFO);
            assertEquals("anchor-batch-mcp", serverInfo.get("name"), discover.meta()::toString);
            assertNotNull(serverInfo.get("version"));
        }
    }

    @Test
    void theToolListIsCacheableAndServesTheCheckedInDescriptors() throws Exception {
        try (DemoApi api = FastDemo.start(); ModernSession session = ModernSession.start(FastDemo.env(api))) {
            McpSchema.ListToolsResult list = session.client().listTools().skipCache().list();
            assertTrue(list.ttlMs() != null && list.ttlMs() > 0, "ttlMs " + list.ttlMs());
            assertEquals(McpSchema.CacheScope.PUBLIC, list.cacheScope());
            assertEquals(ServerProcess.TOOLS, list.tools().stream().map(McpSchema.Tool::name).toList());
            for (McpSchema.Tool tool : list.tools()) {
                JsonNode checkedIn = JsonMapper.shared().readTree(Files.readString(Path.of("tool-schemas", tool.name() + ".json")));
                assertEquals(checkedIn, json(tool), "tools/list serves the checked-in descriptor of " + tool.name());
            }
        }
    }

    @Test
    void bothToolsGiveTheSameTextAndStructuredContentAsTheInitializeEra() throws Exception {
        try (DemoApi api = FastDemo.start()) {
            List<JsonNode> modern = new ArrayList<>();
            try (ModernSession session = ModernSession.start(FastDemo.env(api))) {
                for (Call call : CALLS) {
                    modern.add(modernOutcome(session.client().tool(call.tool()).arguments(call.arguments()).call()));
                }
            }
            List<JsonNode> legacy = new ArrayList<>();
            List<String> command = ServerProcess.command();
            var transport = new StdioClientTransport(ServerParameters.builder(command.get(0))
                    .args(command.subList(1, command.size())).env(FastDemo.env(api)).build(), McpJsonDefaults.getMapper());
            try (var client = io.modelcontextprotocol.client.McpClient.sync(transport)
                    .requestTimeout(Duration.ofSeconds(30)).build()) {
                client.initialize();
                for (Call call : CALLS) {
                    legacy.add(legacyOutcome(client.callTool(CallToolRequest.builder(call.tool())
                            .arguments(call.arguments()).build())));
                }
            }
            for (int i = 0; i < CALLS.size(); i++) {
                assertEquals(legacy.get(i), modern.get(i), CALLS.get(i).toString());
            }
            // the comparison covers reports, waits and both kinds of error
            assertEquals("use_ready_sessions", modern.get(0).path("structuredContent").path("next_step").asString());
            assertEquals("batch_finished", modern.get(7).path("structuredContent").path("wait_ended").asString());
            assertEquals("batch_failed", modern.get(8).path("structuredContent").path("wait_ended").asString());
            assertEquals("enough_ready", modern.get(9).path("structuredContent").path("wait_ended").asString());
            assertTrue(modern.get(5).path("isError").asBoolean() && modern.get(5).path("text").asString().startsWith("No batch"));
            assertTrue(modern.get(6).path("isError").asBoolean(), modern.get(6)::toString);
            for (int i : new int[] {0, 1, 2, 3, 4, 7, 8, 9}) {
                OutputSchema.assertValid(JsonMapper.shared().treeToValue(modern.get(i).path("structuredContent"), Map.class));
            }
        }
    }

    @Test
    void aWaitWithAProgressListenerHearsTheBatchMoveBeforeItsResult() throws Exception {
        List<McpSchema.ProgressParams> notes = new CopyOnWriteArrayList<>();
        try (DemoApi api = FastDemo.start();
                ModernSession session = ModernSession.start(FastDemo.env(api))) {
            McpSchema.CallToolResult result = session.client().tool(WaitTool.NAME)
                    .arguments(Map.of("batch_id", DemoBatches.MOVING)).progress(notes::add).call();
            int atResult = notes.size();
            JsonNode outcome = modernOutcome(result);
            assertFalse(outcome.path("isError").asBoolean(), outcome::toString);
            assertEquals("batch_finished", outcome.path("structuredContent").path("wait_ended").asString());
            assertFalse(notes.isEmpty(), "progress while the batch moved");
            for (int i = 0; i < notes.size(); i++) {
                assertEquals(5.0, notes.get(i).total());
                assertNotNull(notes.get(i).message());
                if (i > 0) {
                    assertTrue(notes.get(i).progress() > notes.get(i - 1).progress(), "progress increases: " + notes);
                }
            }
            assertEquals(5.0, notes.get(notes.size() - 1).progress(), "the last one reports every session settled");
            Thread.sleep(500);
            assertEquals(atResult, notes.size(), "nothing after the result");
        }
    }

    @Test
    void aCallTheClientStopsIsCancelledOnTheServerAndItsHttpRequestClosed() throws Exception {
        try (SilentApi api = new SilentApi()) {
            try (ModernSession session = ModernSession.start(Map.of("ANCHOR_API_KEY", "sk-modern-cancel",
                    "ANCHOR_BASE_URL", api.baseUrl(), "ANCHOR_TIMEOUT_SECONDS", "60"))) {
                CompletableFuture<Object> ended = new CompletableFuture<>();
                Thread caller = new Thread(() -> {
                    try {
                        ended.complete(session.client().tool(BatchStatusTool.NAME)
                                .arguments(Map.of("batch_id", Fixtures.BATCH)).call());
                    } catch (RuntimeException e) {
                        ended.complete(e);
                    }
                });
                caller.start();
                api.accepted.get(30, TimeUnit.SECONDS);
                caller.interrupt(); // what a client does when its user stops the call: notifications/cancelled
                assertInstanceOf(CancellationException.class, ended.get(10, TimeUnit.SECONDS));
                api.hungUp.get(10, TimeUnit.SECONDS); // far sooner than the API time-out of 60 s
                assertEquals(ServerProcess.TOOLS.size(), session.client().listTools().skipCache().list().tools().size(), "the server goes on");
                assertTrue(session.stderr().stream().anyMatch(l -> l.contains("cancelled by the client")),
                        "the server saw the cancellation: " + session.stderr());
            }
        }
    }
}
