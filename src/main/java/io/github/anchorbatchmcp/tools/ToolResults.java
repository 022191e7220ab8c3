package io.github.anchorbatchmcp.tools;

import io.github.anchorbatchmcp.anchor.ApiSettings;
import io.github.anchorbatchmcp.anchor.AnchorClient;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.slf4j.Logger;
import tools.jackson.databind.json.JsonMapper;

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
    private static ToolResult cancelled(String what) {
        Thread.currentThread().interrupt();
        return error(Character.toUpperCase(what.charAt(0)) + what.substring(1) + " was cancelled.");
    }

    /**
     * @param doing what the tool was doing, as in "while reading batch X"
     * @param advice what to do, which for a change is not simply to call again
     */
    private static ToolResult unexpected(Logger log, String doing, RuntimeException e, String advice) {
        log.error("{}: unexpected failure", doing, e);
        return error("anchor-batch-mcp failed unexpectedly (" + e.getClass().getSimpleName() + ") while " + doing
                + ". " + advice + "; the server's log on stderr has details.");
    }

    /** The part of a tool call that talks to the API; it may be interrupted (the client cancelled the call). */
    @FunctionalInterface
    interface ApiCall {
        ToolResult run() throws InterruptedException;
    }

    /**
     * Runs a tool's API call: without a key, nothing is sent and the result says how to set one; an
     * interrupt or an unexpected failure still gives a result.
     *
     * @param request what was cancelled, as in "the request for batch X"
     * @param doing what failed, as in "while reading batch X"
     * @param advice what to do after an unexpected failure: for a change, not simply calling again
     */
    static ToolResult callApi(AnchorClient client, Logger log, String request, String doing, String advice,
            ApiCall call) {
        if (!client.hasApiKey()) {
            return error(NO_KEY);
        }
        try {
            return call.run();
        } catch (InterruptedException e) {
            return cancelled(request);
        } catch (RuntimeException e) {
            return unexpected(log, doing, e, advice);
        }
    }

    /** The call an agent should make next, in the structured result and in the text. */
    record NextCall(@JsonProperty("tool") String tool, @JsonProperty("arguments") Map<String, Object> arguments) {
        String text() {
            return tool + " " + JsonMapper.shared().writeValueAsString(arguments);
        }
    }
}
