package io.github.anchorbatchmcp.anchor;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code data} of {@code POST /v1/batch-sessions}: the batch was accepted and is set up
 * asynchronously (its status endpoint shows the sessions as they become ready). Every field may be null.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreatedBatch(
        @JsonProperty("batch_id") String batchId,
        @JsonProperty("status") String status,
        @JsonProperty("total_requests") Integer totalRequests,
        @JsonProperty("created_at") String createdAt) {
}
