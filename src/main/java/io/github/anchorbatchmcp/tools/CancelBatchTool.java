package io.github.anchorbatchmcp.tools;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.anchor.BatchId;
import io.github.anchorbatchmcp.anchor.CallFailure;
import io.github.anchorbatchmcp.anchor.CancelOutcome;
import io.github.anchorbatchmcp.anchor.CancelledBatch;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The tool {@code cancel_batch_sessions}: ends a batch and its running browsers (destructive, idempotent). */
public final class CancelBatchTool implements AnchorTool {

    public static final String NAME = "cancel_batch_sessions";

    private static final Logger log = LoggerFactory.getLogger(CancelBatchTool.class);

    record Cancelled(
            @JsonProperty("batch_id") String batchId,
            @JsonProperty("status") String status,
            @JsonProperty("cancelled_sessions") Integer cancelledSessions,
            @JsonProperty("message") String message) {
    }

    private final AnchorClient client;

    public CancelBatchTool(AnchorClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ToolResult call(Map<String, Object> arguments, ProgressSink progress) {
        BatchId id;
        try {
            id = BatchId.parse(arguments.get("batch_id"));
        } catch (IllegalArgumentException e) {
            return ToolResults.error(e.getMessage());
        }
        return ToolResults.callApi(client, log, "the request for batch " + id, "cancelling batch " + id,
                "Check the batch with get_batch_session_status before cancelling it again", () -> {
                    CancelOutcome outcome = client.cancel(id);
                    log.info("cancel batch {}: {}", id, outcome.getClass().getSimpleName());
                    return outcome instanceof CancelOutcome.Cancelled cancelled ? cancelled(id, cancelled.batch())
                            : ToolResults.error(((CallFailure) outcome).message());
                });
    }

    private static ToolResult cancelled(BatchId id, CancelledBatch b) {
        Integer n = b.cancelledSessions();
        String text = "Cancelled batch " + id + (n == null ? "" : ": " + n + " running " + (n == 1 ? "session" : "sessions")
                + " terminated") + "." + (b.message() == null ? "" : " The API said: " + b.message());
        return new ToolResult(text, new Cancelled(id.value(), b.status(), n, b.message()), false);
    }
}
