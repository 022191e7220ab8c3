package io.github.anchorbatchmcp.anchor;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * The {@code data} of {@code GET /v1/batch-sessions}: one page of batches, newest first, and where
 * the page stands. Every field may be missing (null); unknown fields are ignored; statuses stay strings.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchList(
        @JsonProperty("batches") List<Summary> batches,
        @JsonProperty("pagination") Pagination pagination) {

    public BatchList {
        batches = batches == null ? List.of() : batches.stream().filter(Objects::nonNull).toList();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Summary(
            @JsonProperty("batch_id") String batchId,
            @JsonProperty("status") String status,
            @JsonProperty("total_requests") Integer totalRequests,
            @JsonProperty("completed_requests") Integer completedRequests,
            @JsonProperty("failed_requests") Integer failedRequests,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("actual_completion_time") String actualCompletionTime) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pagination(
            @JsonProperty("current_page") Integer currentPage,
            @JsonProperty("total_pages") Integer totalPages,
            @JsonProperty("total_records") Integer totalRecords,
            @JsonProperty("has_next") Boolean hasNext,
            @JsonProperty("has_prev") Boolean hasPrev) {
    }
}
