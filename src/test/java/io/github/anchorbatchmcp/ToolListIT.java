package io.github.anchorbatchmcp;

import static io.github.anchorbatchmcp.ModernLines.assertResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.tools.BatchStatusTool;
import io.github.anchorbatchmcp.tools.BrowseTool;
import io.github.anchorbatchmcp.tools.CancelBatchTool;
import io.github.anchorbatchmcp.tools.CreateBatchTool;
import io.github.anchorbatchmcp.tools.ListBatchesTool;
import io.github.anchorbatchmcp.tools.RetryBatchTool;
import io.github.anchorbatchmcp.tools.TaskTool;
import io.github.anchorbatchmcp.tools.WaitTool;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.modern.McpSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The eight tools' list as clients get it from the built jar: its size on the wire, and the hints they read. */
class ToolListIT {

    /** The bound the issue sets for the whole answer, so that listing the tools costs a model little. */
    static final int MAX_BYTES = 26_000;

    /**
     * What each tool tells clients before a call, in the order readOnly, destructive, idempotent,
     * openWorld: clients ask the user before a call that is not read-only.
     */
    static final Map<String, List<Boolean>> HINTS = hints();

    private static Map<String, List<Boolean>> hints() {
        Map<String, List<Boolean>> h = new LinkedHashMap<>();
        h.put(BatchStatusTool.NAME, List.of(true, false, true, true));
        h.put(WaitTool.NAME, List.of(true, false, true, true));
        h.put(ListBatchesTool.NAME, List.of(true, false, true, true));
        h.put(BrowseTool.NAME, List.of(false, false, true, true)); // it navigates; opening a page twice is harmless
        h.put(CreateBatchTool.NAME, List.of(false, false, false, true));
        h.put(CancelBatchTool.NAME, List.of(false, true, true, true));
        h.put(RetryBatchTool.NAME, List.of(false, false, false, true));
        h.put(TaskTool.NAME, List.of(false, true, false, true)); // an agent acts on the pages; a task is billed
        return h;
    }

    @ParameterizedTest
    @EnumSource(Era.class)
    void theAnswerListingAllEightToolsIsUnder26000BytesOnTheWire(Era era) throws Exception {
        try (ServerProcess server = new ServerProcess(Map.of(), "--demo")) {
            era.open(server);
            server.send(era.toolsList("\"size\""));
            JsonNode tools = assertResult(server.response("\"size\"", 30)).path("tools");
            List<String> names = new java.util.ArrayList<>();
            tools.forEach(t -> names.add(t.path("name").asString()));
            assertEquals(ServerProcess.TOOLS, names, "all eight are in the answer measured");
            String line = server.allStdout().stream()
                    .filter(l -> JsonMapper.shared().readTree(l).path("id").asString("").equals("size"))
                    .findFirst().orElseThrow();
            int bytes = line.getBytes(StandardCharsets.UTF_8).length + 1; // and its newline
            assertTrue(bytes < MAX_BYTES, era + ": tools/list is " + bytes + " bytes");
        }
    }

    @Test
    void theInitializeEraClientReadsTheHintsOfEveryTool() throws Exception {
        List<String> command = ServerProcess.command();
        var transport = new StdioClientTransport(ServerParameters.builder(command.get(0))
                .args(command.subList(1, command.size())).build(), McpJsonDefaults.getMapper());
        try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build()) {
            client.initialize();
            Map<String, List<Boolean>> seen = new LinkedHashMap<>();
            for (var tool : client.listTools().tools()) {
                var a = tool.annotations();
                assertNotNull(a, tool.name());
                if (HINTS.containsKey(tool.name())) {
                    seen.put(tool.name(), List.of(a.readOnlyHint(), a.destructiveHint(), a.idempotentHint(),
                            a.openWorldHint()));
                }
            }
            assertEquals(HINTS, seen);
        }
    }

    @Test
    void theModernClientReadsTheSameHints() throws Exception {
        try (var session = ModernStdioIT.ModernSession.start(Map.of())) {
            Map<String, List<Boolean>> seen = new LinkedHashMap<>();
            for (McpSchema.Tool tool : session.client().listTools().skipCache().list().tools()) {
                McpSchema.ToolAnnotations a = tool.annotations();
                assertNotNull(a, tool.name());
                if (HINTS.containsKey(tool.name())) {
                    seen.put(tool.name(), List.of(a.readOnlyHint(), a.destructiveHint(), a.idempotentHint(),
                            a.openWorldHint()));
                }
            }
            assertEquals(HINTS, seen);
        }
    }
}
