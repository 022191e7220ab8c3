package io.github.anchorbatchmcp.tools;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.anchor.BatchId;
import io.github.anchorbatchmcp.anchor.CallFailure;
import io.github.anchorbatchmcp.anchor.RetriedBatch;
import io.github.anchorbatchmcp.anchor.RetryOutcome;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool {@code retry_failed_batch_sessions}: tries a batch's failed sessions again. It starts new
 * browsers, so it is not idempotent and never sent twice; its result says to wait again.
 */
public final class RetryBatchTool implements AnchorTool {

    public static final String NAME = "retry_failed_batch_sessions";
    static final int MAX_RETRIES = 3;

    private static final Logger log = LoggerFactory.getLogger(RetryBatchTool.class);

    record Retried(
            @JsonProperty("batch_id") String batchId,
            @JsonProperty("status") String status,
            @JsonProperty("retried_sessions") Integer retriedSessions,
            @JsonProperty("message") String message,
            @JsonProperty("next_call") ToolResults.NextCall nextCall) {
    }

    private final AnchorClient client;

    public RetryBatchTool(AnchorClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ToolResult call(Map<String, Object> arguments, ProgressSink progress) {
        BatchId id;
        int maxRetries;
        try {
            id = BatchId.parse(arguments.get("batch_id"));
            Integer given = Arguments.integer(arguments, "max_retries", 1, MAX_RETRIES);
            maxRetries = given == null ? 1 : given;
        } catch (IllegalArgumentException e) {
            return ToolResults.error(e.getMessage());
        }
        return ToolResults.callApi(client, log, "the request for batch " + id, "retrying batch " + id,
                "Check the batch with get_batch_session_status before retrying it again", () -> {
                    RetryOutcome outcome = client.retry(id, maxRetries);
                    log.info("retry batch {}: {}", id, outcome.getClass().getSimpleName());
                    return outcome instanceof RetryOutcome.Retrying retrying ? retrying(id, retrying.batch())
                            : ToolResults.error(((CallFailure) outcome).message());
                });
    }

    private static ToolResult retrying(BatchId id, RetriedBatch b) {
        ToolResults.NextCall next = new ToolResults.NextCall(WaitTool.NAME, Map.of("batch_id", id.value()));
        Integer n = b.retriedSessions();
        String text = "Retrying " + (n == null ? "the failed sessions" : n + " failed " + (n == 1 ? "session" : "sessions"))
                + " of batch " + id + "; the batch is " + (b.status() == null ? "processing" : b.status()) + " again."
                + (b.message() == null ? "" : " The API said: " + b.message())
                + "\nNext: call " + next.text() + " to wait for them.";
        return new ToolResult(text, new Retried(id.value(), b.status(), n, b.message(), next), false);
    }
}
