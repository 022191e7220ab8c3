package io.github.anchorbatchmcp;

import io.github.anchorbatchmcp.tools.OutputSchema;
import tools.jackson.databind.json.JsonMapper;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.demo.DemoBatches;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code --demo} through the jar, and the runnable example that drives it. */
class DemoIT {

    @Test
    void demoModeServesEveryBatchWithValidStructuredOutput() throws Exception {
        try (ServerProcess server = new ServerProcess(Map.of(), "--demo")) {
            server.initialize();
            List<String> ids = List.of(DemoBatches.MOVING, DemoBatches.COMPLETED, DemoBatches.PARTLY_FAILED,
                    DemoBatches.FAILED, DemoBatches.CANCELLED, DemoBatches.LARGE, DemoBatches.HUGE);
            for (int i = 0; i < ids.size(); i++) {
                server.send(ServerProcess.toolCall(i, ids.get(i)));
            }
            server.send(ServerProcess.toolCall(99, "12345678-1234-4234-8234-123456789012"));
            for (int i = 0; i < ids.size(); i++) {
                JsonNode result = server.response(String.valueOf(i), 30).path("result");
                assertFalse(result.path("isError").asBoolean(false), result.toString());
                assertEquals(ids.get(i), result.path("structuredContent").path("batch_id").asString());
                OutputSchema.assertValid(JsonMapper.shared().treeToValue(result.path("structuredContent"), Map.class));
            }
            JsonNode unknown = server.response("99", 30).path("result");
            assertTrue(unknown.path("isError").asBoolean());
            server.closeStdin();
            assertEquals(0, server.awaitExit(10));
            for (String id : ids) {
                assertTrue(server.stderr().contains(id), "stderr lists " + id + ": " + server.stderr());
            }
        }
    }

    @Test
    void theExampleAgentWaitsForTheMovingBatchWithProgress() throws Exception {
        Process example = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", ServerProcess.jar().toString(), "examples/DemoAgent.java", ServerProcess.jar().toString())
                .redirectErrorStream(true).start();
        example.getOutputStream().close();
        String output = new String(example.getInputStream().readAllBytes());
        assertTrue(example.waitFor(90, TimeUnit.SECONDS));
        assertEquals(0, example.exitValue(), output);
        assertTrue(output.contains("Tool: get_batch_session_status"), output);
        assertTrue(output.contains("Tool: wait_for_batch_sessions"), output);
        assertTrue(output.contains("settled  configuring: 1/5 ready"), "progress while waiting: " + output);
        assertTrue(output.contains("[##########] 5/5 settled  ready: 5/5 ready"), output);
        assertTrue(output.contains("Wait ended: the batch finished."), output);
        assertEquals(5, output.lines().filter(l -> l.contains("connectOverCDP(\"wss://")).count(), output);
    }
}
