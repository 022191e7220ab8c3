package io.github.anchorbatchmcp.tools;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.anchor.CallFailure;
import io.github.anchorbatchmcp.anchor.CreateOutcome;
import io.github.anchorbatchmcp.anchor.CreateRequest;
import io.github.anchorbatchmcp.anchor.CreatedBatch;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool {@code create_batch_sessions}: starts a batch of browsers. It costs money, so a count over
 * the server's limit is refused before any request, and the request is never sent twice (the client's
 * rule); its result names the exact call to make next.
 */
public final class CreateBatchTool implements AnchorTool {

    public static final String NAME = "create_batch_sessions";
    /** Named in the refusal, so that the person running the server knows what to change. */
    public static final String MAX_BATCH_SIZE_VARIABLE = "ANCHOR_MAX_BATCH_SIZE";
    static final int API_MAX_COUNT = 1000;

    private static final Logger log = LoggerFactory.getLogger(CreateBatchTool.class);

    /** The structured result. */
    record Created(
            @JsonProperty("batch_id") String batchId,
            @JsonProperty("status") String status,
            @JsonProperty("count") int count,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("next_call") ToolResults.NextCall nextCall) {
    }

    private final AnchorClient client;
    private final int maxBatchSize;

    public CreateBatchTool(AnchorClient client, int maxBatchSize) {
        this.client = client;
        this.maxBatchSize = maxBatchSize;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ToolResult call(Map<String, Object> arguments, ProgressSink progress) {
        CreateRequest request;
        try {
            Integer count = Arguments.integer(arguments, "count", 1, API_MAX_COUNT);
            if (count == null) {
                throw new IllegalArgumentException("count is required: how many browsers to start, from 1 to "
                        + maxBatchSize + ".");
            }
            if (count > maxBatchSize) {
                throw new IllegalArgumentException("count " + count + " is over this server's limit of " + maxBatchSize
                        + " browsers per batch (" + MAX_BATCH_SIZE_VARIABLE + "). Nothing was created. Ask for "
                        + maxBatchSize + " or fewer (several batches if you need more), or ask the person who runs"
                        + " this server to raise " + MAX_BATCH_SIZE_VARIABLE + ".");
            }
            request = new CreateRequest(count, CreateFields.configuration(arguments),
                    Arguments.object(arguments, "metadata"));
        } catch (IllegalArgumentException e) {
            return ToolResults.error(e.getMessage());
        }
        return ToolResults.callApi(client, log, "the create request", "creating a batch",
                "Whether the batch was created is unknown: call list_batch_sessions before creating again", () -> {
                    CreateOutcome outcome = client.create(request);
                    log.info("create {} sessions: {}", request.count(), outcome.getClass().getSimpleName());
                    return outcome instanceof CreateOutcome.Created created ? created(created.batch(), request.count())
                            : ToolResults.error(((CallFailure) outcome).message());
                });
    }

    private static ToolResult created(CreatedBatch batch, int count) {
        if (batch.batchId() == null) {
            return ToolResults.error("The Anchor API accepted the batch of " + count + " but did not give its id. Call"
                    + " list_batch_sessions to find it (newest first) instead of creating another.");
        }
        Map<String, Object> waitArguments = new LinkedHashMap<>(); // in this order in the text, every time
        waitArguments.put("batch_id", batch.batchId());
        waitArguments.put("min_ready", count);
        ToolResults.NextCall next = new ToolResults.NextCall(WaitTool.NAME, waitArguments);
        String text = "Created batch " + batch.batchId() + ": " + count + (count == 1 ? " browser" : " browsers")
                + " requested, status " + batch.status() + (batch.createdAt() == null ? "" : ", at " + batch.createdAt())
                + ". The browsers start over the next seconds and are billed until they end: each ends by itself"
                + " idle_timeout minutes after its last connection closes (5 by default), or at max_duration.\n"
                + "Next: call " + next.text() + " to wait until they are ready (with a progress token it can wait up"
                + " to " + WaitTool.MAX_TIMEOUT_WITH_PROGRESS + " s). While the batch is still starting,"
                + " cancel_batch_sessions stops it if you need no more browsers.";
        return new ToolResult(text, new Created(batch.batchId(), batch.status(), count, batch.createdAt(), next), false);
    }
}
