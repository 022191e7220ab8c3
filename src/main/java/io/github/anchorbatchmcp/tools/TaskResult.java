package io.github.anchorbatchmcp.tools;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What {@code run_task_in_batch_sessions} returns as structured content (schema: {@code task-result.schema.json}):
 * one entry per task, and, when some are still running, the call that collects them.
 */
record TaskResult(
        @JsonProperty("batch_id") String batchId,
        @JsonProperty("tasks") List<Entry> tasks,
        @JsonProperty("ready_sessions_not_driven") int readySessionsNotDriven,
        @JsonProperty("next_call") ToolResults.NextCall nextCall) {

    static final String COMPLETED = "completed";
    static final String FAILED = "failed";
    static final String RUNNING = "running";
    /** The start may have reached Anchor, and whether it did is not known. */
    static final String UNKNOWN = "unknown";

    /**
     * @param result the agent's own answer as Anchor gives it (its account may say it failed even when the
     *     task completed), or its JSON text cut short when {@code result_truncated}
     */
    record Entry(
            @JsonProperty("item_index") Integer itemIndex,
            @JsonProperty("session_id") String sessionId,
            @JsonProperty("workflow_id") String workflowId,
            @JsonProperty("status") String status,
            @JsonProperty("result") Object result,
            @JsonProperty("result_truncated") boolean resultTruncated,
            @JsonProperty("error") String error) {
    }
}
