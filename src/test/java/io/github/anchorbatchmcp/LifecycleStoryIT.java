package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.demo.DemoApi;
import io.github.anchorbatchmcp.tools.CancelBatchTool;
import io.github.anchorbatchmcp.tools.CreateBatchTool;
import io.github.anchorbatchmcp.tools.ListBatchesTool;
import io.github.anchorbatchmcp.tools.OutputSchema;
import io.github.anchorbatchmcp.tools.WaitTool;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole story an agent lives, through the built jar and a real MCP client of each era, against
 * the simulated API: create 5 browsers, wait for 3 with progress, take the ready ones' CDP URLs,
 * cancel the batch, and find it first in the list, cancelled.
 *
 * <p>The API runs on a {@link FastDemo.HeldClock}: the batch is created at the clock's start, and the
 * clock then stops 8.75 s into the batch's life, when 4 of its 5 browsers are ready (one every 1.5 s
 * from 4 s). So the wait always finds 3 ready, and the cancel always finds the batch still running,
 * however slowly the calls arrive.
 */
class LifecycleStoryIT {

    static final Duration STOP = Duration.ofMillis(8750);

    /** What the story needs of a client, whatever its era: a call gives {isError, text, structuredContent}. */
    interface Agent extends AutoCloseable {
        JsonNode call(String tool, Map<String, Object> arguments);

        /** The same with a progress token; every notification is added to {@code progress} as {progress, total, message}. */
        JsonNode callWithProgress(String tool, Map<String, Object> arguments, List<JsonNode> progress);

        @Override
        void close();
    }

    private static JsonNode json(Object value) {
        try {
            return JsonMapper.shared().readTree(McpJsonDefaults.getMapper().writeValueAsString(value));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode outcome(Boolean isError, String text, Object structuredContent) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("isError", Boolean.TRUE.equals(isError));
        out.put("text", text);
        out.put("structuredContent", structuredContent);
        return json(out);
    }

    private static JsonNode progress(Number progress, Number total, String message) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("progress", progress);
        p.put("total", total);
        p.put("message", message);
        return json(p);
    }

    /** The initialize-era client: the SDK's McpSyncClient over stdio. */
    static Agent legacy(Map<String, String> env) {
        List<String> command = ServerProcess.command();
        var transport = new StdioClientTransport(ServerParameters.builder(command.get(0))
                .args(command.subList(1, command.size())).env(env).build(), McpJsonDefaults.getMapper());
        List<List<JsonNode>> listening = new CopyOnWriteArrayList<>();
        var client = io.modelcontextprotocol.client.McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .progressConsumer(p -> listening.forEach(l -> l.add(progress(p.progress(), p.total(), p.message()))))
                .build();
        client.initialize();
        return new Agent() {
            @Override
            public JsonNode call(String tool, Map<String, Object> arguments) {
                return legacyOutcome(client.callTool(CallToolRequest.builder(tool).arguments(arguments).build()));
            }

            @Override
            public JsonNode callWithProgress(String tool, Map<String, Object> arguments, List<JsonNode> progress) {
                listening.add(progress);
                return legacyOutcome(client.callTool(CallToolRequest.builder(tool).arguments(arguments)
                        .progressToken("story").build()));
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    private static JsonNode legacyOutcome(CallToolResult r) {
        return outcome(r.isError(), assertInstanceOf(TextContent.class, r.content().get(0)).text(), r.structuredContent());
    }

    /** The 2026-07-28 client of SDK 2.2.0 ({@code modern.client}). */
    static Agent modern(Map<String, String> env) {
        var session = ModernStdioIT.ModernSession.start(env);
        return new Agent() {
            @Override
            public JsonNode call(String tool, Map<String, Object> arguments) {
                return modernOutcome(session.client().tool(tool).arguments(arguments).call());
            }

            @Override
            public JsonNode callWithProgress(String tool, Map<String, Object> arguments, List<JsonNode> progress) {
                return modernOutcome(session.client().tool(tool).arguments(arguments)
                        .progress(p -> progress.add(progress(p.progress(), p.total(), p.message()))).call());
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    private static JsonNode modernOutcome(McpSchema.CallToolResult r) {
        assertEquals(McpSchema.ResultType.COMPLETE, r.resultType(), r::toString);
        return outcome(r.isError(), assertInstanceOf(McpSchema.TextContent.class, r.content().get(0)).text(),
                r.structuredContent());
    }

    @Test
    void theInitializeEraClientCreatesWaitsDrivesCancelsAndLists() throws Exception {
        FastDemo.HeldClock clock = new FastDemo.HeldClock();
        try (DemoApi api = DemoApi.start(clock); Agent agent = legacy(FastDemo.env(api))) {
            story(agent, clock);
        }
    }

    @Test
    void theModernClientCreatesWaitsDrivesCancelsAndLists() throws Exception {
        FastDemo.HeldClock clock = new FastDemo.HeldClock();
        try (DemoApi api = DemoApi.start(clock); Agent agent = modern(FastDemo.env(api))) {
            story(agent, clock);
        }
    }

    private static JsonNode assertOk(String tool, JsonNode outcome) {
        assertFalse(outcome.path("isError").asBoolean(), tool + ": " + outcome);
        OutputSchema.assertValid(tool, JsonMapper.shared().treeToValue(outcome.path("structuredContent"), Map.class));
        return outcome.path("structuredContent");
    }

    private static void story(Agent agent, FastDemo.HeldClock clock) throws InterruptedException {
        // 1. Create 5 browsers; the result names the call to make next.
        JsonNode created = assertOk(CreateBatchTool.NAME, agent.call(CreateBatchTool.NAME,
                Map.of("count", 5, "tags", List.of("story"))));
        String batchId = created.path("batch_id").asString();
        assertEquals("pending", created.path("status").asString());
        assertEquals(WaitTool.NAME, created.path("next_call").path("tool").asString());
        assertEquals(json(Map.of("batch_id", batchId, "min_ready", 5)), created.path("next_call").path("arguments"));
        clock.release(STOP);

        // 2. Wait for 3 of them, hearing the progress.
        Map<String, Object> wait = new HashMap<>(JsonMapper.shared().treeToValue(created.path("next_call")
                .path("arguments"), Map.class));
        wait.put("min_ready", 3);
        List<JsonNode> progress = new CopyOnWriteArrayList<>();
        JsonNode report = assertOk(WaitTool.NAME, agent.callWithProgress(WaitTool.NAME, wait, progress));
        assertEquals("enough_ready", report.path("wait_ended").asString(), report::toString);
        int ready = report.path("counts").path("ready").asInt();
        assertTrue(ready >= 3 && ready <= 4, "3 or 4 ready when the wait ended: " + report);
        // The initialize-era SDK client hands each notification to its consumer on another thread, so
        // the last one, sent before the result, may reach the list just after the call returned.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((progress.isEmpty() || progress.get(progress.size() - 1).path("progress").asInt() != ready)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(progress.isEmpty(), "progress notifications while waiting");
        for (int i = 0; i < progress.size(); i++) {
            assertEquals(5, progress.get(i).path("total").asInt(), progress::toString);
            assertTrue(progress.get(i).path("message").asString().contains("/5 ready"), progress::toString);
            if (i > 0) {
                assertTrue(progress.get(i).path("progress").asDouble() > progress.get(i - 1).path("progress").asDouble(),
                        "progress increases: " + progress);
            }
        }
        assertEquals(ready, progress.get(progress.size() - 1).path("progress").asInt(), "the last one is the result's");

        // 3. The ready browsers, each with a CDP URL for a browser driver.
        JsonNode sessions = report.path("ready_sessions");
        assertEquals(ready, sessions.size(), report::toString);
        sessions.forEach(s -> assertTrue(s.path("cdp_url").asString().startsWith("wss://"), s::toString));

        // 4. Cancel the batch: the browser still starting is terminated.
        JsonNode cancelled = assertOk(CancelBatchTool.NAME, agent.call(CancelBatchTool.NAME, Map.of("batch_id", batchId)));
        assertEquals("cancelled", cancelled.path("status").asString());
        int terminated = cancelled.path("cancelled_sessions").asInt(-1);
        assertTrue(terminated == 1 || terminated == 2, cancelled::toString);

        // 5. The list shows it first, cancelled, with the browsers it had when it was.
        JsonNode page = assertOk(ListBatchesTool.NAME, agent.call(ListBatchesTool.NAME, Map.of()));
        JsonNode first = page.path("batches").path(0);
        assertEquals(batchId, first.path("batch_id").asString(), page::toString);
        assertEquals("cancelled", first.path("status").asString());
        assertEquals(5, first.path("total").asInt());
        assertEquals(5, first.path("completed").asInt() + terminated, "each browser was ready or terminated: " + page);
    }
}
