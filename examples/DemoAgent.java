import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What an agent does with this server, end to end, against its simulated API (--demo): ask for 3
 * browsers, wait until they are ready (printing the progress notifications the server sends), open a
 * different page in each and save the one picture of them all, read their pages (the web's words come
 * fenced, as data), hand each an AI task, then end them all, and list the batches. It uses the MCP Java
 * SDK's initialize-era client (McpSyncClient) over stdio.
 *
 * Run from the project root, after ./mvnw -B package:
 *   java -cp target/anchor-batch-mcp.jar examples/DemoAgent.java
 */
public class DemoAgent {

    /** What a tool answered: the text a model reads, the same as structured content, and its image. */
    record Answer(String text, Map<?, ?> result, ImageContent image) {
        Object get(String field) {
            return result.get(field);
        }

        void print(int lines) {
            text.lines().limit(lines).forEach(l -> System.out.println("  | " + l));
        }
    }

    static final List<String> PAGES = List.of("https://example.com/", "https://en.wikipedia.org/wiki/Web_browser",
            "https://injection.example/");

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // the client library's own log
        Path jar = Path.of(args.length > 0 ? args[0] : "target/anchor-batch-mcp.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            System.err.println(jar + " is missing: build it with ./mvnw -B package");
            System.exit(1);
        }
        Path sheetFile = Path.of(args.length > 1 ? args[1] : "target/demo-contact-sheet.jpg").toAbsolutePath();
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
            System.out.println("1. Ask for " + PAGES.size() + " browsers.");
            Answer created = call(client, "create_batch_sessions", Map.of("count", PAGES.size(),
                    "tags", List.of("demo-agent")), false);
            created.print(1);
            Object batchId = created.get("batch_id");
            Map<?, ?> next = (Map<?, ?>) created.get("next_call");

            System.out.println();
            System.out.println("2. Make the call the server suggests, printing the progress:");
            Map<String, Object> wait = new HashMap<>();
            ((Map<?, ?>) next.get("arguments")).forEach((k, v) -> wait.put((String) k, v));
            Answer report = call(client, (String) next.get("tool"), wait, true);
            System.out.println("    Wait ended: " + report.get("wait_ended") + ".");
            report.print(2);

            System.out.println();
            System.out.println("3. Open a different page in each browser, and look at them all in one picture:");
            Answer browsed = call(client, "browse_batch_sessions", Map.of("batch_id", batchId, "urls", PAGES), false);
            browsed.print(2 + PAGES.size());
            if (browsed.image() != null) {
                Files.createDirectories(sheetFile.getParent());
                Files.write(sheetFile, Base64.getDecoder().decode(browsed.image().data()));
                Map<?, ?> sheet = (Map<?, ?>) browsed.get("contact_sheet");
                System.out.println("    The contact sheet (" + sheet.get("width") + "x" + sheet.get("height") + ", "
                        + browsed.image().mimeType() + ") is saved as " + sheetFile);
            }

            System.out.println();
            System.out.println("4. Read the pages. The third one tries to give orders: its text comes fenced, as data.");
            Answer read = call(client, "browse_batch_sessions", Map.of("batch_id", batchId, "look", "text",
                    "max_chars", 400), false);
            read.text().lines().filter(l -> !l.isBlank()).skip(2 + PAGES.size()).limit(24)
                    .forEach(l -> System.out.println("  | " + l));

            System.out.println();
            System.out.println("5. Hand each browser an AI task, printing the progress as each one finishes:");
            Answer tasks = call(client, "run_task_in_batch_sessions", Map.of("batch_id", batchId,
                    "prompt", "Find the page's main heading", "timeout_seconds", 60), true);
            tasks.print(1 + PAGES.size());

            System.out.println();
            System.out.println("6. Done with them: the batch has completed, so cancelling ends each browser.");
            call(client, "cancel_batch_sessions", Map.of("batch_id", batchId), false).print(1);

            System.out.println();
            System.out.println("7. List the batches, newest first: ours is on top.");
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
        ImageContent image = result.content().stream().filter(ImageContent.class::isInstance)
                .map(ImageContent.class::cast).findFirst().orElse(null);
        return new Answer(text, (Map<?, ?>) result.structuredContent(), image);
    }

    /** [######----] configuring: 2/3 ready */
    static void printProgress(ProgressNotification p) {
        double total = p.total() == null || p.total() == 0 ? 1 : p.total();
        int filled = (int) Math.round(10 * p.progress() / total);
        System.out.println("    [" + "#".repeat(filled) + "-".repeat(Math.max(0, 10 - filled)) + "] " + p.message());
    }
}
