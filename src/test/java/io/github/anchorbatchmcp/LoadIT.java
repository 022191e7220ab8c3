package io.github.anchorbatchmcp;

import io.github.anchorbatchmcp.anchor.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.IntFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Many calls in flight at once in one session: each gets its own correct answer, in bounded memory. */
class LoadIT {

    static final int CALLS = 100;

    @Test
    void aHundredConcurrentCallsEachGetTheirOwnAnswer() throws Exception {
        hundredCalls(true, i -> ServerProcess.toolCall(i, batchId(i)));
    }

    @Test
    void aHundredConcurrentModernCallsEachGetTheirOwnAnswer() throws Exception {
        hundredCalls(false, i -> ModernLines.statusCall(i, batchId(i)));
    }

    /** @param initialize true for the initialize era, false for 2026-07-28 (no handshake) */
    private static void hundredCalls(boolean initialize, IntFunction<String> call) throws Exception {
        try (MockWebServer api = new MockWebServer()) {
            api.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                    String id = request.getTarget().substring(request.getTarget().lastIndexOf('/') + 1);
                    Thread.sleep(50); // keep many calls in flight together
                    String body = Fixtures.largeReadyBatch(200).replace(Fixtures.BATCH, id);
                    return new MockResponse.Builder().code(200).body(body).build();
                }
            });
            api.start();
            try (ServerProcess server = new ServerProcess(Map.of("ANCHOR_API_KEY", "sk-load",
                    "ANCHOR_BASE_URL", api.url("/").toString()), java.util.List.of("-Xmx128m"))) {
                if (initialize) {
                    server.initialize();
                }
                StringBuilder burst = new StringBuilder();
                for (int i = 0; i < CALLS; i++) {
                    burst.append(call.apply(i)).append('\n');
                }
                server.sendBytes(burst.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                for (int i = 0; i < CALLS; i++) {
                    JsonNode response = server.response(String.valueOf(i), 60);
                    assertNotNull(response, "call " + i + " answered; stderr: " + server.stderr());
                    JsonNode result = response.path("result");
                    assertFalse(result.path("isError").asBoolean(false), result.toString());
                    assertEquals(batchId(i), result.path("structuredContent").path("batch_id").asString());
                    assertTrue(result.path("content").path(0).path("text").asString().startsWith("Batch " + batchId(i)));
                    assertEquals(initialize ? "" : "complete", result.path("resultType").asString(""), result.toString());
                }
                long peak = server.peakRssMb();
                System.out.println("peak RSS with " + CALLS + (initialize ? "" : " modern") + " calls in flight: " + peak + " MB");
                assertTrue(peak < 0 || peak < 400, "peak RSS " + peak + " MB");
                assertEquals(CALLS, api.getRequestCount());
                server.closeStdin();
                assertEquals(0, server.awaitExit(10));
                assertEquals(CALLS + (initialize ? 1 : 0), server.allStdout().size(), "one line per answer, none torn or merged");
            }
        }
    }

    private static String batchId(int i) {
        return String.format("%08d-0000-4000-8000-000000000000", i);
    }
}
