package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.demo.DemoApi;
import io.github.anchorbatchmcp.demo.DemoBatches;
import io.github.anchorbatchmcp.tools.TaskTool;
import io.github.anchorbatchmcp.tools.WaitTool;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An initialize-era client over stateless HTTP hears the progress of its call on that POST's own
 * event stream, then the result, as a 2026-07-28 client does; a call without a progress token is
 * answered with plain JSON as before.
 */
class LegacyHttpProgressIT {

    private static McpSyncClient client(HttpServerIT.Http server, List<ProgressNotification> progress) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                "http://127.0.0.1:" + server.port()).endpoint("/mcp").build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).progressConsumer(progress::add).build();
    }

    @Test
    void theSdksInitializeEraClientHearsTheWaitsProgressThenItsResult() throws Exception {
        try (DemoApi api = FastDemo.start(); HttpServerIT.Http server = HttpServerIT.Http.start(FastDemo.env(api))) {
            List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
            try (McpSyncClient client = client(server, progress)) {
                client.initialize();
                CallToolResult waited = client.callTool(CallToolRequest.builder(WaitTool.NAME)
                        .arguments(Map.of("batch_id", DemoBatches.MOVING)).progressToken("wait-1").build());
                assertFalse(Boolean.TRUE.equals(waited.isError()), waited::toString);
                assertEquals("batch_finished", ((Map<?, ?>) waited.structuredContent()).get("wait_ended"));
                assertFalse(progress.isEmpty(), "progress on the POST's event stream");
                for (int i = 0; i < progress.size(); i++) {
                    assertEquals("wait-1", progress.get(i).progressToken());
                    assertEquals(5.0, progress.get(i).total());
                    if (i > 0) {
                        assertTrue(progress.get(i).progress() > progress.get(i - 1).progress(), progress.toString());
                    }
                }
                assertEquals(5.0, progress.get(progress.size() - 1).progress(), "the last says all settled");
            }
        }
    }

    @Test
    void aTasksProgressReachesTheInitializeEraClientToo() throws Exception {
        try (DemoApi api = FastDemo.start(); HttpServerIT.Http server = HttpServerIT.Http.start(FastDemo.env(api))) {
            List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
            try (McpSyncClient client = client(server, progress)) {
                client.initialize();
                CallToolResult tasks = client.callTool(CallToolRequest.builder(TaskTool.NAME)
                        .arguments(Map.of("batch_id", DemoBatches.COMPLETED, "prompt", "Read the heading"))
                        .progressToken(42).build());
                assertFalse(Boolean.TRUE.equals(tasks.isError()), tasks::toString);
                assertEquals(3.0, progress.get(progress.size() - 1).progress(), progress.toString());
                assertEquals(3.0, progress.get(progress.size() - 1).total());
            }
        }
    }

    @Test
    void withoutAProgressTokenTheAnswerIsPlainJson() throws Exception {
        try (DemoApi api = FastDemo.start(); HttpServerIT.Http server = HttpServerIT.Http.start(FastDemo.env(api))) {
            String call = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\""
                    + WaitTool.NAME + "\",\"arguments\":{\"batch_id\":\"" + DemoBatches.COMPLETED + "\"}}}";
            HttpResponse<String> plain = HttpServerIT.post(server.url(), call);
            assertEquals(200, plain.statusCode());
            assertTrue(plain.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                    plain.headers().toString());
            String withToken = call.replace("\"arguments\":", "\"_meta\":{\"progressToken\":\"t\"},\"arguments\":")
                    .replace(DemoBatches.COMPLETED, DemoBatches.MOVING);
            HttpResponse<String> streamed = HttpServerIT.post(server.url(), withToken);
            assertTrue(streamed.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"),
                    streamed.headers().toString());
            List<String> events = streamed.body().lines().filter(l -> l.startsWith("data: ")).toList();
            assertTrue(events.size() >= 2, streamed.body());
            assertTrue(events.get(0).contains("\"notifications/progress\""), streamed.body());
            assertTrue(events.get(events.size() - 1).contains("\"id\":3") && events.get(events.size() - 1)
                    .contains("\"result\""), "the response is the last event: " + streamed.body());
            assertEquals(1, events.stream().filter(e -> e.contains("\"result\"")).count(), streamed.body());
        }
    }
}
