package io.github.anchorbatchmcp.anchor;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code data} of {@code POST /v1/batch-sessions/{batch_id}/retry}: the batch is back to
 * {@code processing} while its failed sessions are tried again. Every field may be null.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetriedBatch(
        @JsonProperty("batch_id") String batchId,
        @JsonProperty("status") String status,
        @JsonProperty("retried_sessions") Integer retriedSessions,
        @JsonProperty("message") String message) {
}
