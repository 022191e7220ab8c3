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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** The README's first command: the example agent lives the whole story against --demo, and says so. */
    @Test
    void theExampleAgentCreatesWaitsDrivesCancelsAndListsABatch() throws Exception {
        Process example = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", ServerProcess.jar().toString(), "examples/DemoAgent.java", ServerProcess.jar().toString())
                .redirectErrorStream(true).start();
        example.getOutputStream().close();
        String output = new String(example.getInputStream().readAllBytes());
        assertTrue(example.waitFor(90, TimeUnit.SECONDS));
        assertEquals(0, example.exitValue(), output);
        assertTrue(output.contains("Tools: " + String.join(", ", ServerProcess.TOOLS)), output);

        Matcher created = Pattern.compile("Created batch ([0-9a-f-]{36}): 5 browsers requested").matcher(output);
        assertTrue(created.find(), output);
        String id = created.group(1);
        assertTrue(output.contains("> wait_for_batch_sessions {\"batch_id\":\"" + id + "\",\"min_ready\":3,"), output);

        List<String> progress = output.lines().filter(l -> l.matches(" +\\[[#-]{10}\\] [0-9]/5 settled  .*")).toList();
        assertFalse(progress.isEmpty(), "progress while waiting: " + output);
        assertTrue(output.contains("Wait ended: enough_ready."), output);
        long ready = output.lines().filter(l -> l.matches(" +browser [0-9]: connectOverCDP\\(\"wss://.*\"\\)")).count();
        assertTrue(ready >= 3, "the ready browsers handed to a driver: " + output);
        assertTrue(progress.get(progress.size() - 1).contains("] " + ready + "/5 settled  configuring: " + ready + "/5 ready"),
                "the last progress is the wait's result: " + output);

        Matcher cancelled = Pattern.compile("Cancelled batch " + id + ": ([0-9]) running sessions? terminated.")
                .matcher(output);
        assertTrue(cancelled.find(), output);
        List<String> listed = output.lines().dropWhile(l -> !l.contains("Batches, newest first")).skip(1).toList();
        assertFalse(listed.isEmpty(), output);
        Matcher first = Pattern.compile("  \\| - " + id + ": cancelled, ([0-9])/5 created").matcher(listed.get(0));
        assertTrue(first.lookingAt(), "the batch is listed first, cancelled: " + output);
        int browsers = Integer.parseInt(first.group(1));
        assertTrue(browsers >= ready, output);
        assertEquals(5, browsers + Integer.parseInt(cancelled.group(1)), "each browser was ready or terminated: " + output);
    }
}
