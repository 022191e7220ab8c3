package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.anchorbatchmcp.demo.DemoApi;
import io.github.anchorbatchmcp.demo.DemoBatches;
import io.github.anchorbatchmcp.tools.OutputSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outside view: the official TypeScript SDK v2 client ({@code @modelcontextprotocol/client},
 * pinned in {@code src/test/node}, installed by {@code npm ci} on first use) starts the jar and, in
 * each of its three ways to connect, lists the tools, calls the status and wait tools (the wait with
 * progress), browses one page per browser (the contact sheet reaching it as an image block) and runs a
 * task in each with progress; the client itself validates every structured result against the tool's
 * outputSchema. Runs where {@code node} and the installed package are present.
 */
class TypeScriptClientIT {

    static final Path NODE_DIR = Path.of("src", "test", "node");

    /**
     * Installs the packages of {@code src/test/node/package.json} from its lock file when one is
     * missing (npm ci, from the npm registry); where Node.js or npm is missing, as on a machine with
     * only a JDK, the test is skipped instead. The node tests of every class start here.
     */
    @BeforeAll
    static void nodeAndTheClientAreInstalled() throws Exception {
        assumeTrue(runs(List.of("node", "--version")), "node is not on the PATH");
        List<String> packages = new ArrayList<>();
        JsonMapper.shared().readTree(NODE_DIR.resolve("package.json").toFile()).path("dependencies").propertyNames()
                .forEach(packages::add);
        if (!packages.stream().allMatch(p -> Files.exists(NODE_DIR.resolve("node_modules").resolve(p)
                .resolve("package.json")))) {
            assumeTrue(runs(List.of("npm", "--version")), "npm is not on the PATH");
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
            String out = read(npm.getInputStream());
            assertTrue(npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0, "npm ci failed: " + out);
        }
    }

    private static boolean runs(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * Runs a script of {@link #NODE_DIR} with nothing on its stdin; asserts it ended within
     * {@code seconds} with exit code 0 and returns the JSON it printed on stdout.
     */
    static JsonNode runNode(ProcessBuilder builder, long seconds, String what) throws Exception {
        Process node = builder.start();
        node.getOutputStream().close();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(node.getErrorStream()));
        String stdout = read(node.getInputStream());
        assertTrue(node.waitFor(seconds, TimeUnit.SECONDS), what + " ended");
        String err = stderr.get(10, TimeUnit.SECONDS);
        assertEquals(0, node.exitValue(), stdout + err);
        return JsonMapper.shared().readTree(stdout);
    }

    /** Runs the client script in {@code mode} against the jar; returns what it printed. */
    private static JsonNode runClient(String mode, DemoApi api) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "client.mjs", mode));
        command.addAll(ServerProcess.command());
        ProcessBuilder builder = new ProcessBuilder(command).directory(NODE_DIR.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ANCHOR"));
        builder.environment().putAll(FastDemo.env(api));
        builder.environment().put("BATCHES", DemoBatches.COMPLETED + "," + DemoBatches.MOVING + ","
                + DemoBatches.COMPLETED);
        JsonNode out = runNode(builder, 90, "the client");
        System.out.println("TypeScript SDK client, " + mode + ": era " + out.path("era").asString() + " ("
                + out.path("protocolVersion").asString() + "), progress " + out.path("wait").path("progress")
                .valueStream().map(p -> p.path("progress").asString()).toList() + ", task progress " + out.path("task")
                .path("progress").valueStream().map(p -> p.path("progress").asString()).toList() + ", image "
                + out.path("browse").path("more").path(0).path("mimeType").asString() + ", structured content: "
                + out.path("status").has("structuredContent") + "/" + out.path("wait").has("structuredContent") + "/"
                + out.path("browse").has("structuredContent") + "/" + out.path("task").has("structuredContent"));
        return out;
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"pin, modern", "auto, modern", "legacy, legacy"})
    void theOfficialClientConnectsListsWaitsBrowsesRunsATaskAndReadsPromptsAndResources(String mode, String era)
            throws Exception {
        try (DemoApi api = FastDemo.start()) {
            JsonNode out = runClient(mode, api);
            assertEquals(era, out.path("era").asString(), out.toString());
            if (era.equals("modern")) {
                assertEquals(ModernLines.VERSION, out.path("protocolVersion").asString());
            } else {
                assertNotEquals(ModernLines.VERSION, out.path("protocolVersion").asString());
            }
            assertEquals("anchor-batch-mcp", out.path("serverInfo").path("name").asString());

            JsonNode tools = out.path("tools");
            assertEquals(ServerProcess.TOOLS.size(), tools.size(), tools::toString);
            for (JsonNode tool : tools) {
                String name = tool.path("name").asString();
                JsonNode checkedIn = JsonMapper.shared().readTree(Files.readString(Path.of("tool-schemas", name + ".json")));
                assertEquals(checkedIn, tool, name + " as the client lists it");
            }

            JsonNode status = out.path("status");
            assertFalse(status.path("isError").asBoolean(), status.toString());
            assertTrue(status.path("text").asString().startsWith("Batch " + DemoBatches.COMPLETED), status.toString());
            assertEquals("use_ready_sessions", status.path("structuredContent").path("next_step").asString());
            OutputSchema.assertValid(JsonMapper.shared().treeToValue(status.path("structuredContent"), Map.class));

            JsonNode wait = out.path("wait");
            assertFalse(wait.path("isError").asBoolean(), wait.toString());
            assertEquals("batch_finished", wait.path("structuredContent").path("wait_ended").asString(), wait.toString());
            OutputSchema.assertValid(JsonMapper.shared().treeToValue(wait.path("structuredContent"), Map.class));
            assertIncreasing(wait.path("progress"), 5, wait);

            JsonNode browse = out.path("browse");
            assertFalse(browse.path("isError").asBoolean(), browse.toString());
            JsonNode image = browse.path("more");
            assertEquals(1, image.size(), "one block after the text: " + image);
            assertEquals("image", image.path(0).path("type").asString());
            assertEquals("image/jpeg", image.path(0).path("mimeType").asString());
            JsonNode sheet = browse.path("structuredContent").path("contact_sheet");
            Sheets.assertTiles(sheet, Sheets.decode(image.path(0).path("data").asString(), "image/jpeg"), List.of(0, 1, 2),
                    null);
            List<String> titles = new ArrayList<>();
            browse.path("structuredContent").path("sessions").forEach(s -> titles.add(s.path("title").asString()));
            assertEquals(List.of("Example Domain", "Customer Reviews", "A Very Long Page"), titles);
            assertTrue(browse.path("text").asString().contains("Browsed 3 sessions of batch " + DemoBatches.COMPLETED
                    + ": opened the page in 3 of 3"), browse.toString());

            JsonNode task = out.path("task");
            assertFalse(task.path("isError").asBoolean(), task.toString());
            JsonNode tasks = task.path("structuredContent").path("tasks");
            assertEquals(3, tasks.size(), task::toString);
            for (int i = 0; i < 3; i++) {
                assertEquals("completed", tasks.path(i).path("status").asString(), tasks::toString);
                assertTrue(tasks.path(i).path("result").path("answer").asString().contains("Find the main heading"),
                        tasks::toString);
            }
            assertIncreasing(task.path("progress"), 3, task);

            List<String> prompts = new ArrayList<>();
            out.path("prompts").forEach(p -> prompts.add(p.path("name").asString()));
            assertEquals(List.of("get_browsers", "check_batch"), prompts);
            assertTrue(out.path("prompt").path("messages").path(0).path("content").path("text").asString()
                    .contains("get_batch_session_status with batch_id " + DemoBatches.COMPLETED), out.path("prompt")::toString);
            assertEquals(-32602, out.path("badPrompt").path("code").asInt(), out.path("badPrompt")::toString);
            assertTrue(out.path("badPrompt").path("message").asString().contains("count"), out.path("badPrompt")::toString);
            assertEquals("ui://anchor-batch/dashboard", out.path("resources").path(0).path("uri").asString());
            assertTrue(out.path("resources").toString().contains("anchor-batch://batches/" + DemoBatches.COMPLETED),
                    out.path("resources")::toString);
            assertEquals("application/json", out.path("read").path("mimeType").asString());
            assertEquals(status.path("structuredContent"), out.path("read").path("report"),
                    "a batch reads as the status tool's report");
            JsonNode dashboard = out.path("dashboard").path(0);
            assertEquals("text/html;profile=mcp-app", dashboard.path("mimeType").asString(), dashboard::toString);
            assertTrue(dashboard.path("bytes").asInt() > 1000 && dashboard.path("_meta").path("ui").path("prefersBorder")
                    .asBoolean(), dashboard::toString);
        }
    }

    /**
     * Progress reached the client, each notification with its total and more than the one before. The
     * last one (all settled, all finished) is written just before the result; the TypeScript client
     * handles a notification a microtask later than a response read in the same chunk, and by then the
     * call is over, so it may drop it ("unknown token"). ModernWaitIT and DriveTaskIT check the wire.
     */
    private static void assertIncreasing(JsonNode progress, int total, JsonNode call) {
        assertFalse(progress.isEmpty(), "progress reached the client: " + call);
        for (int i = 0; i < progress.size(); i++) {
            assertEquals(total, progress.path(i).path("total").asInt(), progress::toString);
            if (i > 0) {
                assertTrue(progress.path(i).path("progress").asDouble() > progress.path(i - 1).path("progress")
                        .asDouble(), progress::toString);
            }
        }
    }
}
