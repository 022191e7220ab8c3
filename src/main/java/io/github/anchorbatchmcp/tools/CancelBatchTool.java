package io.github.anchorbatchmcp.tools;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.anchor.ApiOutcome;
import io.github.anchorbatchmcp.anchor.BatchId;
import io.github.anchorbatchmcp.anchor.BatchStatus;
import io.github.anchorbatchmcp.anchor.CallFailure;
import io.github.anchorbatchmcp.anchor.CancelOutcome;
import io.github.anchorbatchmcp.anchor.CancelledBatch;
import io.github.anchorbatchmcp.anchor.SessionFailure;
import io.github.anchorbatchmcp.anchor.SessionId;
import io.github.anchorbatchmcp.anchor.SessionOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool {@code cancel_batch_sessions}: ends a batch's browsers, whatever state it is in (destructive,
 * idempotent). A batch still starting is cancelled ({@code PATCH}, never sent twice); one that is over
 * cannot be (409), so each of its running sessions is ended instead ({@code DELETE}, safe to repeat),
 * in parallel, and a session already gone counts as ended.
 */
public final class CancelBatchTool implements AnchorTool {

    public static final String NAME = "cancel_batch_sessions";
    /** Sessions ended at once: a batch can hold thousands. */
    static final int ENDING_PARALLEL = 20;
    static final int MAX_LISTED_FAILURES = 20;

    private static final Logger log = LoggerFactory.getLogger(CancelBatchTool.class);

    record Cancelled(
            @JsonProperty("batch_id") String batchId,
            @JsonProperty("status") String status,
            @JsonProperty("cancelled_sessions") Integer cancelledSessions,
            @JsonProperty("message") String message,
            @JsonProperty("ended_sessions") int endedSessions,
            @JsonProperty("already_ended") int alreadyEnded,
            @JsonProperty("not_ended") List<NotEnded> notEnded,
            @JsonProperty("not_ended_not_listed") int notEndedNotListed) {
    }

    record NotEnded(
            @JsonProperty("item_index") Integer itemIndex,
            @JsonProperty("session_id") String sessionId,
            @JsonProperty("error") String error) {
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
                    if (outcome instanceof CancelOutcome.Cancelled cancelled) {
                        return cancelled(id, cancelled.batch());
                    }
                    if (outcome instanceof CancelOutcome.AlreadyOver over) {
                        return endSessions(id, over);
                    }
                    return ToolResults.error(((CallFailure) outcome).message());
                });
    }

    private static ToolResult cancelled(BatchId id, CancelledBatch b) {
        Integer n = b.cancelledSessions();
        String text = "Cancelled batch " + id + (n == null ? "" : ": " + n + " running " + (n == 1 ? "session" : "sessions")
                + " terminated") + "; billing has stopped for them." + (b.message() == null ? ""
                : " The API said: " + b.message());
        return new ToolResult(text, new Cancelled(id.value(), b.status(), n, b.message(), 0, 0, List.of(), 0), false);
    }

    /** The batch is over and cannot be cancelled: its browsers may still run, so each is ended. */
    private ToolResult endSessions(BatchId id, CancelOutcome.AlreadyOver over) throws InterruptedException {
        ApiOutcome outcome = client.fetch(id);
        if (!(outcome instanceof ApiOutcome.Found found)) {
            return ToolResults.error("Batch " + id + " is already over (HTTP 409), so it cannot be cancelled, and its"
                    + " sessions could not be listed to end them one by one: " + ((ApiOutcome.Failure) outcome).message(id)
                    + " Nothing was ended; calling " + NAME + " again is safe.");
        }
        List<BatchStatus.Session> running = found.status().sessions().stream()
                .filter(s -> "completed".equals(s.status()) && s.sessionId() != null).toList();
        Duration limit = client.worstCase();
        List<SessionOutcome<String>> ends = SessionFanOut.run(running, ENDING_PARALLEL, limit, s -> {
            SessionId session = SessionId.orNull(s.sessionId());
            return session == null ? SessionOutcome.failed(new SessionFailure.BadResponse(200,
                    "a session id that is not a UUID")) : client.endSession(session);
        }, s -> SessionOutcome.failed(new SessionFailure.TimedOut(limit, 1)));
        int ended = 0;
        int gone = 0;
        List<NotEnded> notEnded = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            if (ends.get(i) instanceof SessionOutcome.Failed<String> f) {
                if (f.failure() instanceof SessionFailure.Ended) {
                    gone++;
                } else {
                    notEnded.add(new NotEnded(running.get(i).itemIndex(), running.get(i).sessionId(),
                            f.failure().message()));
                }
            } else {
                ended++;
            }
        }
        log.info("batch {} over: {} sessions ended, {} already ended, {} not", id, ended, gone, notEnded.size());
        String status = found.status().status();
        if (running.isEmpty()) {
            return new ToolResult("Batch " + id + " is already " + (status == null ? "over" : status) + ", so it cannot"
                    + " be cancelled (HTTP 409), and it has no running browser to end: nothing is billed for it.",
                    new Cancelled(id.value(), status, null, over.apiMessage(), 0, 0, List.of(), 0), false);
        }
        StringBuilder text = new StringBuilder("Batch ").append(id).append(" is already ")
                .append(status == null ? "over" : status).append(", so it cannot be cancelled (HTTP 409); its ")
                .append(running.size()).append(running.size() == 1 ? " browser was" : " browsers were")
                .append(" ended one by one instead: ").append(ended).append(" ended now, ").append(gone)
                .append(" had already ended");
        text.append(notEnded.isEmpty() ? "." : ", " + notEnded.size() + " could not be ended.");
        if (ended + gone > 0) {
            text.append(" Billing has stopped for the ").append(ended + gone).append(" that ended.");
        }
        for (NotEnded n : notEnded.subList(0, Math.min(notEnded.size(), MAX_LISTED_FAILURES))) {
            text.append("\n- item ").append(n.itemIndex()).append(" (session ").append(n.sessionId()).append("): ")
                    .append(n.error());
        }
        if (!notEnded.isEmpty()) {
            text.append("\nCall ").append(NAME).append(" again to try those again: ending a session is safe to repeat.");
        }
        Cancelled result = new Cancelled(id.value(), status, null, over.apiMessage(), ended, gone,
                List.copyOf(notEnded.subList(0, Math.min(notEnded.size(), MAX_LISTED_FAILURES))),
                Math.max(0, notEnded.size() - MAX_LISTED_FAILURES));
        boolean nothingEnded = ended + gone == 0;
        return nothingEnded ? ToolResults.error(text.toString()) : new ToolResult(text.toString(), result, false);
    }
}
