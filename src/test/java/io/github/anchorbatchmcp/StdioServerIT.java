package io.github.anchorbatchmcp;

import io.github.anchorbatchmcp.tools.OutputSchema;
import io.github.anchorbatchmcp.tools.WaitTool;
import io.github.anchorbatchmcp.tools.BatchStatusTool;
import io.github.anchorbatchmcp.anchor.Fixtures;
import tools.jackson.databind.json.JsonMapper;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The built jar, started as an assistant starts it, driven over stdio. */
class StdioServerIT {

    static final String KEY = "sk-e2e-secret-5b7f0c3a9d";
    static final String READY = Fixtures.BATCH;
    static final String FAILED = "0a0a0a0a-1111-4222-8333-444455556666";

    private final MockWebServer api = new MockWebServer();
    private FakeAnchorApi fake;

    @BeforeEach
    void startApi() throws IOException {
        fake = new FakeAnchorApi(KEY, Map.of(READY, Fixtures.body("completed").replace(
                "sessionId=a1b2c3d4-0000-4000-8000-000000000000", "sessionId=a1b2c3d4-0000-4000-8000-000000000000&apiKey="
                        + KEY), FAILED, Fixtures.body("failed")));
        api.setDispatcher(fake);
        api.start();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    private Map<String, String> env() {
        return Map.of("ANCHOR_API_KEY", KEY, "ANCHOR_BASE_URL", api.url("/").toString());
    }

    private static CallToolResult call(McpSyncClient client, String batchId) {
        return client.callTool(CallToolRequest.builder(BatchStatusTool.NAME).arguments(Map.of("batch_id", batchId)).build());
    }

    @Test
    void theSdkClientListsTheToolAndGetsValidStructuredResults() throws Exception {
        List<String> stderr = new CopyOnWriteArrayList<>();
        List<String> command = ServerProcess.command();
        var transport = new StdioClientTransport(ServerParameters.builder(command.get(0))
                .args(command.subList(1, command.size())).env(env()).build(), McpJsonDefaults.getMapper());
        transport.setStdErrorHandler(stderr::add);
        try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build()) {
            client.initialize();

            List<Tool> tools = client.listTools().tools();
            assertEquals(ServerProcess.TOOLS, tools.stream().map(Tool::name).toList());
            for (Tool tool : tools) {
                JsonNode served = JsonMapper.shared().readTree(McpJsonDefaults.getMapper().writeValueAsString(tool));
                JsonNode checkedIn = JsonMapper.shared().readTree(Files.readString(Path.of("tool-schemas", tool.name() + ".json")));
                assertEquals(checkedIn, served, "tools/list serves the checked-in descriptor of " + tool.name());
            }

            CallToolResult ready = call(client, READY);
            assertFalse(Boolean.TRUE.equals(ready.isError()), () -> ready.content().toString());
            OutputSchema.assertValid(ready.structuredContent());
            String text = assertInstanceOf(TextContent.class, ready.content().get(0)).text();
            assertTrue(text.startsWith("Batch " + READY + ": completed"), text);
            assertTrue(text.contains("&apiKey=***"), "the key in a CDP URL is masked: " + text);
            @SuppressWarnings("unchecked")
            Map<String, Object> structured = (Map<String, Object>) ready.structuredContent();
            assertEquals("use_ready_sessions", structured.get("next_step"));
            assertEquals(3, ((List<?>) structured.get("ready_sessions")).size());

            CallToolResult failed = call(client, FAILED);
            OutputSchema.assertValid(failed.structuredContent());
            assertEquals("give_up", ((Map<?, ?>) failed.structuredContent()).get("next_step"));

            CallToolResult missing = call(client, "99999999-9999-4999-8999-999999999999");
            assertTrue(missing.isError());
            assertTrue(((TextContent) missing.content().get(0)).text().startsWith("No batch 99999999-"));

            CallToolResult invalid = call(client, "../../admin");
            assertTrue(invalid.isError());
            assertEquals(3, fake.requests.get(), "the invalid id made no request");
        }
        for (String line : stderr) {
            assertFalse(line.contains(KEY), line);
        }
    }

    @Test
    void stdoutCarriesOnlyJsonRpcAndTheKeyAppearsNowhere() throws Exception {
        try (ServerProcess server = new ServerProcess(env())) {
            server.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}");
            JsonNode init = JsonMapper.shared().readTree(server.nextLine(30));
            assertEquals("anchor-batch-mcp", init.path("result").path("serverInfo").path("name").asString());
            server.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            server.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            server.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"get_batch_session_status\",\"arguments\":{\"batch_id\":\"" + READY + "\"}}}");
            server.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"get_batch_session_status\",\"arguments\":{\"batch_id\":\"" + FAILED + "\"}}}");
            for (int i = 0; i < 3; i++) {
                assertNotNull(server.nextLine(30), "an answer for each request");
            }
            server.closeStdin();
            assertEquals(0, server.awaitExit(10), "end of input ends the server cleanly");

            List<String> lines = server.allStdout();
            assertEquals(4, lines.size(), lines::toString);
            for (String line : lines) {
                JsonNode message = JsonMapper.shared().readTree(line);
                assertEquals("2.0", message.path("jsonrpc").asString(), line);
                assertTrue(message.has("result"), line);
                assertFalse(line.contains(KEY), line);
            }
            assertFalse(server.stderr().contains(KEY), server.stderr());
        }
    }

    @Test
    void helpAndVersionPrintToStdoutAndExitZero() throws Exception {
        for (String flag : List.of("--help", "--version")) {
            try (ServerProcess server = new ServerProcess(Map.of(), flag)) {
                assertEquals(0, server.awaitExit(30));
                assertFalse(server.allStdout().isEmpty());
                assertTrue(server.allStdout().get(0).startsWith("anchor-batch-mcp"), server.allStdout()::toString);
            }
        }
    }

    @Test
    void aBadSettingStopsTheServerWithOneLineOnStderrAndNothingOnStdout() throws Exception {
        try (ServerProcess server = new ServerProcess(Map.of("ANCHOR_API_KEY", KEY,
                "ANCHOR_TIMEOUT_SECONDS", "soon"))) {
            assertEquals(2, server.awaitExit(30));
            assertEquals(List.of(), server.allStdout());
            assertEquals("anchor-batch-mcp: ANCHOR_TIMEOUT_SECONDS must be a whole number from 1 to 600 (got \"soon\")",
                    server.stderr().strip());
        }
    }
}
