package io.github.anchorbatchmcp;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.slf4j.Logger;

/** The results both tools give: a report (text and structured content), or an error a model can act on. */
final class ToolResults {

    static final String NO_KEY = "No Anchor API key is configured. Set " + Config.API_KEY + " in the environment"
            + " this server is started with (in the assistant's MCP server settings, under \"env\"), then restart"
            + " the server. The key is in your Anchor Browser account settings.";

    private ToolResults() {
    }

    static CallToolResult report(BatchReport report) {
        return CallToolResult.builder()
                .addTextContent(ReportText.render(report))
                .structuredContent(report)
                .build();
    }

    static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }

    /** For a call whose client cancelled it: the SDK sends no result for it, but the handler must return one. */
    static CallToolResult cancelled(BatchId id) {
        Thread.currentThread().interrupt();
        return error("The request for batch " + id + " was cancelled.");
    }

    static CallToolResult unexpected(Logger log, BatchId id, RuntimeException e) {
        log.error("batch {}: unexpected failure", id, e);
        return error("anchor-batch-mcp failed unexpectedly (" + e.getClass().getSimpleName() + ") while reading"
                + " batch " + id + ". Calling again may work; the server's log on stderr has details.");
    }
}
