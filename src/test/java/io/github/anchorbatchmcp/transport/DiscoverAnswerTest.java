package io.github.anchorbatchmcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.anchorbatchmcp.prompts.PromptCatalog;
import io.github.anchorbatchmcp.resources.Dashboard;
import io.github.anchorbatchmcp.resources.ResourceCatalog;
import io.github.anchorbatchmcp.tools.BatchStatusTool;
import io.github.anchorbatchmcp.tools.LazySchemaValidator;
import io.github.anchorbatchmcp.tools.ToolCatalog;
import io.github.anchorbatchmcp.tools.WaitTool;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.JsonRpc;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The probe's fast answer is exactly what the modern server answers to the same request. */
class DiscoverAnswerTest {

    private static final JsonMapper JSON = JsonMapper.shared();

    /** With prompts and resources, as the server runs, and with tools alone. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"7|true", "'\"probe-1\"'|true", "7|false"})
    void theFastAnswerIsTheServersAnswer(String id, boolean everything) throws Exception {
        McpJsonMapper json = McpJsonDefaults.getMapper();
        ServerIdentity identity = new ServerIdentity("anchor-batch-mcp", "9.8.7-test \"quoted\"");
        ToolCatalog tools = new ToolCatalog(json, List.of(new BatchStatusTool(null, 20), WaitTool.forClient(null, 20)));
        Catalog catalog = everything ? new Catalog(tools, new PromptCatalog(10, false),
                new ResourceCatalog(json, null, Dashboard.load(false), 20)) : Catalog.toolsOnly(tools);
        String request = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"server/discover\",\"params\":{\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
        JsonRpc.JSONRPCMessage full = new ModernEra(json, identity, catalog, new LazySchemaValidator())
                .handle((JsonRpc.JSONRPCRequest) JsonRpc.deserializeMessage(json, request))
                .blockLast();
        JsonNode expected = JSON.readTree(json.writeValueAsString(full));

        JsonNode fast = JSON.readTree(new DiscoverAnswer(identity, catalog).forRequest(JSON.readTree(id)));

        assertEquals(expected, fast);
        assertNotEquals(JSON.missingNode(), fast.path("result").path("supportedVersions"), "a real answer");
        assertEquals(everything, fast.path("result").path("capabilities").has("prompts"));
        assertEquals(everything, fast.path("result").path("capabilities").has("resources"));
        assertEquals(Map.of("name", identity.name(), "version", identity.version()),
                JSON.convertValue(fast.path("result").path("_meta").path("io.modelcontextprotocol/serverInfo"),
                        Map.class));
    }
}
