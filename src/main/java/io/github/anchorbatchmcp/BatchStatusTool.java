package io.github.anchorbatchmcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool {@code get_batch_session_status}: its descriptor (the checked-in file, served as is) and
 * its handler. Every outcome, including bad input and a missing key, is a tool result; nothing is thrown.
 */
public final class BatchStatusTool {

    static final String NAME = "get_batch_session_status";
    static final String DESCRIPTOR = "/tool-schemas/" + NAME + ".json";

    private static final Logger log = LoggerFactory.getLogger(BatchStatusTool.class);

    private final Config config;
    private final AnchorClient client;

    public BatchStatusTool(Config config, AnchorClient client) {
        this.config = config;
        this.client = client;
    }

    public SyncToolSpecification specification(McpJsonMapper json) {
        return SyncToolSpecification.builder()
                .tool(descriptor(json))
                .callHandler((exchange, request) -> call(request))
                .build();
    }

    static Tool descriptor(McpJsonMapper json) {
        try (InputStream in = BatchStatusTool.class.getResourceAsStream(DESCRIPTOR)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DESCRIPTOR);
            }
            return json.readValue(in.readAllBytes(), Tool.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CallToolResult call(CallToolRequest request) {
        Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
        BatchId id;
        try {
            id = BatchId.parse(arguments.get("batch_id"));
        } catch (IllegalArgumentException e) {
            return error(e.getMessage());
        }
        if (!config.hasApiKey()) {
            return error("No Anchor API key is configured. Set " + Config.API_KEY + " in the environment this"
                    + " server is started with (in the assistant's MCP server settings, under \"env\"), then"
                    + " restart the server. The key is in your Anchor Browser account settings.");
        }
        long started = System.nanoTime();
        try {
            ApiOutcome outcome = client.fetch(id);
            log.info("batch {}: {} in {} ms", id, outcome.getClass().getSimpleName(),
                    (System.nanoTime() - started) / 1_000_000);
            if (outcome instanceof ApiOutcome.Found found) {
                BatchReport report = BatchReport.of(id, found.status(), config.maxListedSessions());
                return CallToolResult.builder()
                        .addTextContent(ReportText.render(report))
                        .structuredContent(report)
                        .build();
            }
            return error(((ApiOutcome.Failure) outcome).message(id));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error("The request for batch " + id + " was cancelled before the API answered.");
        } catch (RuntimeException e) {
            log.error("batch {}: unexpected failure", id, e);
            return error("anchor-batch-mcp failed unexpectedly (" + e.getClass().getSimpleName() + ") while"
                    + " reading batch " + id + ". Calling again may work; the server's log on stderr has details.");
        }
    }

    private static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }
}
