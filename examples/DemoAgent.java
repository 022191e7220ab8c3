import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an agent does with this server, end to end: start it over stdio (in demo mode, against its
 * built-in simulated API), list its tools, call get_batch_session_status on a batch until the batch
 * is finished, then hand the ready browsers to a browser driver.
 *
 * Run from the project root, after ./mvnw -B package:
 *   java -cp target/anchor-batch-mcp.jar examples/DemoAgent.java
 */
public class DemoAgent {

    static final String MOVING_BATCH = "11111111-1111-4111-8111-111111111111";
    static final Duration POLL_EVERY = Duration.ofSeconds(2);
    static final int MAX_POLLS = 30;

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
            if (line.contains(" WARN ") || line.contains(" ERROR ")) {
                System.err.println("server: " + line);
            }
        });

        try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build()) {
            var init = client.initialize();
            System.out.println("Connected to " + init.serverInfo().name() + " " + init.serverInfo().version());
            for (Tool tool : client.listTools().tools()) {
                System.out.println("Tool: " + tool.name() + " - " + tool.title());
            }

            Map<?, ?> report = null;
            for (int poll = 1; poll <= MAX_POLLS; poll++) {
                CallToolResult result = client.callTool(CallToolRequest.builder("get_batch_session_status")
                        .arguments(Map.of("batch_id", MOVING_BATCH)).build());
                String text = ((TextContent) result.content().get(0)).text();
                if (Boolean.TRUE.equals(result.isError())) {
                    System.err.println("The tool failed: " + text);
                    System.exit(1);
                }
                report = (Map<?, ?>) result.structuredContent();
                System.out.println();
                System.out.println(progressLine(report));
                System.out.println(text.lines().limit(3).map(l -> "  | " + l).reduce((a, b) -> a + "\n" + b).orElse(""));
                if (Boolean.TRUE.equals(report.get("finished"))) {
                    break;
                }
                Thread.sleep(POLL_EVERY.toMillis());
            }
            if (report == null || !Boolean.TRUE.equals(report.get("finished"))) {
                System.err.println("The batch did not finish in " + MAX_POLLS + " polls.");
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

    /** [#####-----] 50%  configuring  3/5 ready */
    static String progressLine(Map<?, ?> report) {
        Map<?, ?> progress = (Map<?, ?>) report.get("progress");
        Map<?, ?> counts = (Map<?, ?>) report.get("counts");
        double percent = progress.get("percentage") instanceof Number n ? n.doubleValue() : 0;
        int filled = (int) Math.round(percent / 10);
        return "[" + "#".repeat(filled) + "-".repeat(10 - filled) + "] " + Math.round(percent) + "%  "
                + progress.get("phase") + "  " + counts.get("ready") + "/" + counts.get("total") + " ready";
    }
}
