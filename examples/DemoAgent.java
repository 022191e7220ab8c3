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
import java.util.List;
import java.util.Map;

/**
 * What an agent does with this server, end to end: start it over stdio (in demo mode, against its
 * built-in simulated API), list its tools, wait for a batch with wait_for_batch_sessions while
 * printing the progress notifications it sends, then hand the ready browsers to a browser driver.
 *
 * Run from the project root, after ./mvnw -B package:
 *   java -cp target/anchor-batch-mcp.jar examples/DemoAgent.java
 */
public class DemoAgent {

    static final String MOVING_BATCH = "11111111-1111-4111-8111-111111111111";

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
                .progressConsumer(p -> System.out.println(progressLine(p)))
                .build()) {
            var init = client.initialize();
            System.out.println("Connected to " + init.serverInfo().name() + " " + init.serverInfo().version());
            for (Tool tool : client.listTools().tools()) {
                System.out.println("Tool: " + tool.name() + " - " + tool.title());
            }

            System.out.println();
            System.out.println("Waiting for batch " + MOVING_BATCH + " (one call; the server reports progress):");
            CallToolResult result = client.callTool(CallToolRequest.builder("wait_for_batch_sessions")
                    .arguments(Map.of("batch_id", MOVING_BATCH, "timeout_seconds", 60))
                    .progressToken("demo-wait").build());
            String text = ((TextContent) result.content().get(0)).text();
            if (Boolean.TRUE.equals(result.isError())) {
                System.err.println("The tool failed: " + text);
                System.exit(1);
            }
            Map<?, ?> report = (Map<?, ?>) result.structuredContent();
            System.out.println();
            System.out.println(text.lines().limit(4).map(l -> "  | " + l).reduce((a, b) -> a + "\n" + b).orElse(""));
            if (!"batch_finished".equals(report.get("wait_ended"))) {
                System.err.println("The wait ended with " + report.get("wait_ended") + ", not with the batch finished.");
                System.exit(1);
            }

            System.out.println();
            System.out.println("Hand-off to a browser driver (for example Playwright's chromium.connectOverCDP):");
            for (Object o : (List<?>) report.get("ready_sessions")) {
                Map<?, ?> session = (Map<?, ?>) o;
                System.out.println("  browser " + session.get("item_index") + ": connectOverCDP(\""
                        + session.get("cdp_url") + "\")   watch: " + session.get("live_view_url"));
            }
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
