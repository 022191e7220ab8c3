package io.github.anchorbatchmcp.tools;

import io.github.anchorbatchmcp.anchor.Fixtures;
import io.github.anchorbatchmcp.anchor.RetryPolicy;
import io.github.anchorbatchmcp.anchor.ApiOutcome;
import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.Config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.json.McpJsonDefaults;
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

    static final String KEY = "sk-test-key-0123456789abcdef";

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
        return new BatchStatusTool(new AnchorClient(config.api(), RetryPolicy.withRetries(0),
                () -> AnchorClient.defaultHttp(config.api()), d -> { }), config.maxListedSessions());
    }

    private BatchStatusTool tool() {
        return tool(Map.of("ANCHOR_API_KEY", KEY, "ANCHOR_BASE_URL", server.url("/").toString()));
    }

    private static Map<String, Object> call(Object batchId) {
        Map<String, Object> args = new HashMap<>();
        args.put("batch_id", batchId);
        return args;
    }

    private static String text(ToolResult result) {
        String text = result.text();
        assertFalse(text.contains(KEY), text);
        return text;
    }

    @Test
    void aReadyBatchGivesTextAndStructuredContentThatFitsTheSchema() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(Fixtures.body("processing")).build());
        ToolResult result = tool().call(call(Fixtures.BATCH), null);
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
        ToolResult result = tool().call(call(batchId), null);
        assertTrue(result.isError());
        assertTrue(text(result).startsWith("batch_id must be a UUID"));
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void aVeryLongBatchIdIsRefusedBeforeAnyRequest() {
        ToolResult result = tool().call(call("9".repeat(1_000_000)), null);
        assertTrue(result.isError());
        assertTrue(text(result).length() < 300);
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void missingArgumentsAreRefused() {
        ToolResult result = tool().call(Map.of(), null);
        assertTrue(result.isError());
        assertTrue(text(result).startsWith("batch_id is required"));
    }

    @Test
    void noKeyIsAnErrorThatSaysHowToSetIt() {
        ToolResult result = tool(Map.of("ANCHOR_BASE_URL", server.url("/").toString())).call(call(Fixtures.BATCH), null);
        assertTrue(result.isError());
        assertTrue(text(result).contains("Set ANCHOR_API_KEY"), text(result));
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void apiFailuresAreToolErrorsWithTheirMessage() {
        server.enqueue(new MockResponse.Builder().code(404)
                .body("{\"error\": {\"code\": 404, \"message\": \"Batch not found\"}}").build());
        ToolResult result = tool().call(call(Fixtures.BATCH), null);
        assertTrue(result.isError());
        assertEquals(new ApiOutcome.NotFound("Batch not found").message(Fixtures.ID), text(result));
        assertNull(result.structuredContent());
    }

    @Test
    void anUnexpectedFailureInsideTheHandlerIsStillAToolResult() {
        Config config = Config.fromEnv(Map.of("ANCHOR_API_KEY", KEY, "ANCHOR_BASE_URL", server.url("/").toString()));
        BatchStatusTool broken = new BatchStatusTool(new AnchorClient(config.api(), RetryPolicy.withRetries(0),
                () -> {
                    throw new IllegalStateException("no HTTP stack");
                }, d -> { }), config.maxListedSessions());
        ToolResult result = broken.call(call(Fixtures.BATCH), null);
        assertTrue(result.isError());
        assertTrue(text(result).startsWith("anchor-batch-mcp failed unexpectedly (IllegalStateException)"));
    }

    @Test
    void anInterruptedCallSaysSoAndKeepsTheInterrupt() {
        server.enqueue(new MockResponse.Builder().code(500).build());
        Config config = Config.fromEnv(Map.of("ANCHOR_API_KEY", KEY, "ANCHOR_BASE_URL", server.url("/").toString()));
        BatchStatusTool tool = new BatchStatusTool(new AnchorClient(config.api(), RetryPolicy.withRetries(1),
                () -> AnchorClient.defaultHttp(config.api()), d -> {
                    throw new InterruptedException();
                }), config.maxListedSessions());
        ToolResult result = tool.call(call(Fixtures.BATCH), null);
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        assertTrue(result.isError());
        assertTrue(text(result).contains("was cancelled"));
    }

}
