import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What an agent does with this server, end to end, against its simulated API (--demo): ask for 5
 * browsers, wait until 3 are ready (printing the progress notifications the server sends), hand the
 * ready ones to a browser driver, cancel the batch, and list the batches. It uses the MCP Java SDK's
 * initialize-era client (McpSyncClient) over stdio.
 *
 * Run from the project root, after ./mvnw -B package:
 *   java -cp target/anchor-batch-mcp.jar examples/DemoAgent.java
 */
public class DemoAgent {

    /** What a tool answered: the text a model reads, and the same as structured content. */
    record Answer(String text, Map<?, ?> result) {
        Object get(String field) {
            return result.get(field);
        }

        void print(int lines) {
            text.lines().limit(lines).forEach(l -> System.out.println("  | " + l));
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // the client library's own log
        Path jar = Path.of(args.length > 0 ? args[0] : "target/anchor-batch-mcp.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            System.err.println(jar + " is missing: build it with ./mvnw -B package");
            System.exit(1);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var transport = new StdioClientTransport(
                ServerParameters.builder(java).args("-jar", jar.toString(), "--demo").build(),
                McpJsonDefaults.getMapper());
        transport.setStdErrorHandler(line -> {
            if (line.contains("WARN") || line.contains("ERROR")) {
                System.err.println("server: " + line);
            }
        });

        try (McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(90))
                .progressConsumer(DemoAgent::printProgress)
                .build()) {
            var init = client.initialize();
            System.out.println("Connected to " + init.serverInfo().name() + " " + init.serverInfo().version()
                    + " (demo mode: a simulated Anchor API, no key needed). Tools: "
                    + client.listTools().tools().stream().map(Tool::name).collect(Collectors.joining(", ")));

            System.out.println();
            System.out.println("1. Ask for 5 browsers.");
            Answer created = call(client, "create_batch_sessions", Map.of("count", 5, "tags", List.of("demo-agent")),
                    false);
            created.print(1);
            Object batchId = created.get("batch_id");
            Map<?, ?> next = (Map<?, ?>) created.get("next_call");

            System.out.println();
            System.out.println("2. Make the call the server suggests, but for 3 browsers only, printing the progress:");
            Map<String, Object> wait = new HashMap<>();
            ((Map<?, ?>) next.get("arguments")).forEach((k, v) -> wait.put((String) k, v));
            wait.put("min_ready", 3);
            // In rounds of 2 s, called again while they time out (a normal result): the agent hears within
            // a second that 3 are ready, and can cancel while the last browsers are still starting. Once
            // all are ready the batch is completed, and a completed batch can no longer be cancelled.
            wait.put("timeout_seconds", 2);
            Answer report = call(client, (String) next.get("tool"), wait, true);
            for (int round = 1; "timed_out".equals(report.get("wait_ended")) && round < 30; round++) {
                report = call(client, (String) next.get("tool"), wait, true);
            }
            System.out.println("    Wait ended: " + report.get("wait_ended") + ".");
            report.print(2);

            System.out.println();
            System.out.println("3. Hand the ready browsers to a browser driver (for example Playwright's"
                    + " chromium.connectOverCDP):");
            for (Object o : (List<?>) report.get("ready_sessions")) {
                Map<?, ?> session = (Map<?, ?>) o;
                System.out.println("    browser " + session.get("item_index") + ": connectOverCDP(\""
                        + session.get("cdp_url") + "\")");
            }

            System.out.println();
            System.out.println("4. Done with them: cancel the batch, which stops the browsers still starting.");
            call(client, "cancel_batch_sessions", Map.of("batch_id", batchId), false).print(1);

            System.out.println();
            System.out.println("5. List the batches, newest first: ours is on top, cancelled.");
            call(client, "list_batch_sessions", Map.of("limit", 3), false).print(5);
        }
    }

    /** The last call printed, so that the rounds of a wait print it once. */
    private static String lastCall;

    /**
     * Calls a tool and prints the call, once however often it is repeated; stops the agent if the tool
     * answers an error.
     */
    static Answer call(McpSyncClient client, String tool, Map<String, Object> arguments, boolean progress)
            throws Exception {
        String call = tool + " " + McpJsonDefaults.getMapper().writeValueAsString(new TreeMap<>(arguments));
        if (!call.equals(lastCall)) {
            System.out.println("  > " + call);
            lastCall = call;
        }
        CallToolRequest.Builder request = CallToolRequest.builder(tool).arguments(arguments);
        if (progress) {
            request.progressToken("demo-agent"); // asks the server for progress notifications
        }
        CallToolResult result = client.callTool(request.build());
        String text = ((TextContent) result.content().get(0)).text();
        if (Boolean.TRUE.equals(result.isError())) {
            System.err.println("The tool answered an error: " + text);
            System.exit(1);
        }
        return new Answer(text, (Map<?, ?>) result.structuredContent());
    }

    private static double lastProgress;

    /** Each round of the wait reports where the batch stands: print only what moved. */
    static synchronized void printProgress(ProgressNotification p) {
        if (p.progress() > lastProgress) {
            lastProgress = p.progress();
            System.out.println("    " + progressLine(p));
        }
    }

    /** [######----] 3/5 settled  configuring: 3/5 ready */
    static String progressLine(ProgressNotification p) {
        double total = p.total() == null || p.total() == 0 ? 1 : p.total();
        int filled = (int) Math.round(10 * p.progress() / total);
        return "[" + "#".repeat(filled) + "-".repeat(Math.max(0, 10 - filled)) + "] "
                + Math.round(p.progress()) + "/" + Math.round(total) + " settled  " + p.message();
    }
}
