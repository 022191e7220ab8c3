package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tool's handler, called as the SDK calls it, against a loopback API. */
class BatchStatusToolTest {

    static final String KEY = AnchorClientTest.KEY;

    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private BatchStatusTool tool(Map<String, String> env) {
        Config config = Config.fromEnv(env);
        return new BatchStatusTool(config, new AnchorClient(config, RetryPolicy.withRetries(0),
                () -> AnchorClient.defaultHttp(config), d -> { }));
    }

    private BatchStatusTool tool() {
        return tool(Map.of("ANCHOR_API_KEY", KEY, "ANCHOR_BASE_URL", server.url("/").toString()));
    }

    private static CallToolRequest call(Object batchId) {
        Map<String, Object> args = new HashMap<>();
        args.put("batch_id", batchId);
        return CallToolRequest.builder(BatchStatusTool.NAME).arguments(args).build();
    }

    private static String text(CallToolResult result) {
        assertEquals(1, result.content().size());
        String text = assertInstanceOf(TextContent.class, result.content().get(0)).text();
        assertFalse(text.contains(KEY), text);
        return text;
    }

    @Test
    void aReadyBatchGivesTextAndStructuredContentThatFitsTheSchema() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(Fixtures.body("processing")).build());
        CallToolResult result = tool().call(call(Fixtures.BATCH));
        assertFalse(result.isError());
        assertTrue(text(result).startsWith("Batch " + Fixtures.BATCH + ": processing"));
        OutputSchema.assertValid(result.structuredContent());
        BatchReport report = assertInstanceOf(BatchReport.class, result.structuredContent());
        assertEquals(1, report.readySessions().size());
        assertEquals("/v1/batch-sessions/" + Fixtures.BATCH, server.takeRequest().getTarget());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "../../v1/sessions", "%2e%2e%2f", "?admin=1", "#frag",
        "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b/../../x", "ü", ""})
    void anInvalidBatchIdIsRefusedBeforeAnyRequest(String batchId) {
        CallToolResult result = tool().call(call(batchId));
        assertTrue(result.isError());
        assertTrue(text(result).startsWith("batch_id must be a UUID"));
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void aVeryLongBatchIdIsRefusedBeforeAnyRequest() {
        CallToolResult result = tool().call(call("9".repeat(1_000_000)));
        assertTrue(result.isError());
        assertTrue(text(result).length() < 300);
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void missingArgumentsAreRefused() {
        CallToolResult result = tool().call(CallToolRequest.builder(BatchStatusTool.NAME).build());
        assertTrue(result.isError());
        assertTrue(text(result).startsWith("batch_id is required"));
    }

    @Test
    void noKeyIsAnErrorThatSaysHowToSetIt() {
        CallToolResult result = tool(Map.of("ANCHOR_BASE_URL", server.url("/").toString())).call(call(Fixtures.BATCH));
        assertTrue(result.isError());
        assertTrue(text(result).contains("Set ANCHOR_API_KEY"), text(result));
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void apiFailuresAreToolErrorsWithTheirMessage() {
        server.enqueue(new MockResponse.Builder().code(404)
                .body("{\"error\": {\"code\": 404, \"message\": \"Batch not found\"}}").build());
        CallToolResult result = tool().call(call(Fixtures.BATCH));
        assertTrue(result.isError());
        assertEquals(new ApiOutcome.NotFound("Batch not found").message(Fixtures.ID), text(result));
        assertNull(result.structuredContent());
    }

    @Test
    void anUnexpectedFailureInsideTheHandlerIsStillAToolResult() {
        Config config = Config.fromEnv(Map.of("ANCHOR_API_KEY", KEY, "ANCHOR_BASE_URL", server.url("/").toString()));
        BatchStatusTool broken = new BatchStatusTool(config, new AnchorClient(config, RetryPolicy.withRetries(0),
                () -> {
                    throw new IllegalStateException("no HTTP stack");
                }, d -> { }));
        CallToolResult result = broken.call(call(Fixtures.BATCH));
        assertTrue(result.isError());
        assertTrue(text(result).startsWith("anchor-batch-mcp failed unexpectedly (IllegalStateException)"));
    }

    @Test
    void anInterruptedCallSaysSoAndKeepsTheInterrupt() {
        server.enqueue(new MockResponse.Builder().code(500).build());
        Config config = Config.fromEnv(Map.of("ANCHOR_API_KEY", KEY, "ANCHOR_BASE_URL", server.url("/").toString()));
        BatchStatusTool tool = new BatchStatusTool(config, new AnchorClient(config, RetryPolicy.withRetries(1),
                () -> AnchorClient.defaultHttp(config), d -> {
                    throw new InterruptedException();
                }));
        CallToolResult result = tool.call(call(Fixtures.BATCH));
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        assertTrue(result.isError());
        assertTrue(text(result).contains("was cancelled"));
    }

    @Test
    void theSpecificationServesTheCheckedInDescriptor() {
        var spec = tool().specification(McpJsonDefaults.getMapper());
        assertEquals(BatchStatusTool.NAME, spec.tool().name());
        assertEquals("uuid", ((Map<?, ?>) ((Map<?, ?>) spec.tool().inputSchema().get("properties"))
                .get("batch_id")).get("format"));
    }
}
