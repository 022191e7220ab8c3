package io.github.anchorbatchmcp.tools;

import io.github.anchorbatchmcp.anchor.ApiSettings;
import io.github.anchorbatchmcp.anchor.BatchId;
import org.slf4j.Logger;

/** The results both tools give: a report (text and structured content), or an error a model can act on. */
final class ToolResults {

    static final String NO_KEY = "No Anchor API key is configured. Set " + ApiSettings.API_KEY_VARIABLE + " in the environment"
            + " this server is started with (in the assistant's MCP server settings, under \"env\"), then restart"
            + " the server. The key is in your Anchor Browser account settings.";

    private ToolResults() {
    }

    static ToolResult report(BatchReport report) {
        return new ToolResult(ReportText.render(report), report, false);
    }

    static ToolResult error(String message) {
        return new ToolResult(message, null, true);
    }

    /** For a call whose client cancelled it: no result is sent for it, but the handler must return one. */
    static ToolResult cancelled(BatchId id) {
        Thread.currentThread().interrupt();
        return error("The request for batch " + id + " was cancelled.");
    }

    static ToolResult unexpected(Logger log, BatchId id, RuntimeException e) {
        log.error("batch {}: unexpected failure", id, e);
        return error("anchor-batch-mcp failed unexpectedly (" + e.getClass().getSimpleName() + ") while reading"
                + " batch " + id + ". Calling again may work; the server's log on stderr has details.");
    }
}
