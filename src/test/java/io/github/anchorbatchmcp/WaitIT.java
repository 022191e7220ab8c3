package io.github.anchorbatchmcp;

import io.github.anchorbatchmcp.tools.OutputSchema;
import io.github.anchorbatchmcp.tools.WaitTool;
import io.github.anchorbatchmcp.anchor.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** wait_for_batch_sessions through the jar: progress notifications to a real client, and cancellation. */
class WaitIT {

    /** A batch that moves one step per poll (the waits between polls are 1 s, then 1.5 s): 0, 2, then 5 of 5 ready. */
    private static MockWebServer steppingApi() throws java.io.IOException {
        AtomicInteger polls = new AtomicInteger();
        MockWebServer api = new MockWebServer();
        api.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = request.getTarget().endsWith(Fixtures.BATCH) ? switch (polls.incrementAndGet()) {
                    case 1 -> Fixtures.largeReadyBatch(5).replace("\"status\":\"completed\"", "\"status\":\"pending\"");
                    case 2 -> Fixtures.largeReadyBatch(5).replaceFirst("(\"status\":\"completed\")", "\"status\":\"processing\"")
                            .replaceAll("(\"item_index\":[234],\"session_id\":\"[^\"]*\",\"status\":)\"completed\"", "$1\"pending\"");
                    default -> Fixtures.largeReadyBatch(5);
                } : Fixtures.body("completed");
                return new MockResponse.Builder().code(200).body(body).build();
            }
        });
        api.start();
        return api;
    }

    @Test
    void aClientWithAProgressTokenSeesProgressThenTheResult() throws Exception {
        List<ProgressNotification> notes = new CopyOnWriteArrayList<>();
        MockWebServer api = steppingApi();
        List<String> command = ServerProcess.command();
        var transport = new StdioClientTransport(ServerParameters.builder(command.get(0))
                .args(command.subList(1, command.size())).env(Map.of("ANCHOR_API_KEY", "k",
                        "ANCHOR_BASE_URL", api.url("/").toString())).build(), McpJsonDefaults.getMapper());
        try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .progressConsumer(notes::add).build()) {
            client.initialize();
            client.listTools();
            CallToolResult result = client.callTool(CallToolRequest.builder(WaitTool.NAME)
                    .arguments(Map.of("batch_id", Fixtures.BATCH)).progressToken("wait-1").build());
            assertFalse(Boolean.TRUE.equals(result.isError()), result::toString);
            Map<?, ?> report = (Map<?, ?>) result.structuredContent();
            OutputSchema.assertValid(report);
            assertEquals("batch_finished", report.get("wait_ended"));
            int atResult = notes.size();
            Thread.sleep(500);
            assertEquals(atResult, notes.size(), "nothing is sent after the result");
            assertFalse(notes.isEmpty());
            for (int i = 0; i < notes.size(); i++) {
                assertEquals("wait-1", notes.get(i).progressToken());
                assertEquals(5.0, notes.get(i).total());
                assertNotNull(notes.get(i).message());
                if (i > 0) {
                    assertTrue(notes.get(i).progress() > notes.get(i - 1).progress(), "progress increases");
                }
            }
            assertEquals(List.of(2.0, 5.0), notes.stream().map(ProgressNotification::progress).toList(),
                    "one notification per poll that found more settled, none for the first (0 settled)");

            notes.clear();
            CallToolResult again = client.callTool(CallToolRequest.builder(WaitTool.NAME)
                    .arguments(Map.of("batch_id", "0a0a0a0a-1111-4222-8333-444455556666")).build());
            assertEquals("batch_finished", ((Map<?, ?>) again.structuredContent()).get("wait_ended"));
            assertTrue(notes.isEmpty(), "no progress without a progress token: " + notes);
        } finally {
            api.close();
        }
    }

    @Test
    void cancellingAWaitStopsItsPolling() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        try (MockWebServer api = new MockWebServer()) {
            api.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    polls.incrementAndGet();
                    return new MockResponse.Builder().code(200).body("{\"data\":{\"status\":\"processing\"}}").build();
                }
            });
            api.start();
            try (ServerProcess server = new ServerProcess(Map.of("ANCHOR_API_KEY", "k",
                    "ANCHOR_BASE_URL", api.url("/").toString()))) {
                server.initialize();
                server.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\""
                        + WaitTool.NAME + "\",\"arguments\":{\"batch_id\":\"" + Fixtures.BATCH + "\"}}}");
                for (int i = 0; i < 300 && polls.get() == 0; i++) {
                    Thread.sleep(10);
                }
                server.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":5}}");
                assertNull(server.response("5", 3), "no result for a cancelled wait");
                assertEquals(1, polls.get(), "no poll after the cancellation (the next was due 1 s later)");
            }
        }
    }
}
