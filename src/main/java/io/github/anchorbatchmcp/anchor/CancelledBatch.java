package io.github.anchorbatchmcp.anchor;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code data} of {@code PATCH /v1/batch-sessions/{batch_id}} with status {@code cancelled}.
 * Every field may be null.
 *
 * @param cancelledSessions how many running sessions the cancel terminated
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CancelledBatch(
        @JsonProperty("batch_id") String batchId,
        @JsonProperty("status") String status,
        @JsonProperty("cancelled_sessions") Integer cancelledSessions,
        @JsonProperty("message") String message) {
}
