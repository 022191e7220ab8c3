package io.github.anchorbatchmcp.anchor;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The {@code data} of {@code GET /v1/batch-sessions/{batch_id}}, as documented. Every field may be
 * missing (null), unknown fields are ignored, and status values are kept as strings because the
 * API's enums grow ({@code cancelled} exists though the contract omits it).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchStatus(
        @JsonProperty("batch_id") String batchId,
        @JsonProperty("status") String status,
        @JsonProperty("total_requests") Integer totalRequests,
        @JsonProperty("completed_requests") Integer completedRequests,
        @JsonProperty("failed_requests") Integer failedRequests,
        @JsonProperty("processing_requests") Integer processingRequests,
        @JsonProperty("pending_requests") Integer pendingRequests,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("actual_completion_time") String actualCompletionTime,
        @JsonProperty("error") String error,
        @JsonProperty("sessions") List<Session> sessions,
        @JsonProperty("progress") Progress progress) {

    public BatchStatus {
        sessions = sessions == null ? List.of() : sessions.stream().filter(s -> s != null).toList();
    }

    /** The same status with {@code f} applied to every string in it, metadata included. */
    BatchStatus mapStrings(UnaryOperator<String> f) {
        return new BatchStatus(f.apply(batchId), f.apply(status), totalRequests, completedRequests, failedRequests,
                processingRequests, pendingRequests, f.apply(createdAt), f.apply(actualCompletionTime), f.apply(error),
                sessions.stream().map(s -> s.mapStrings(f)).toList(),
                progress == null ? null : new Progress(progress.percentage(), f.apply(progress.currentPhase())));
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Session(
            @JsonProperty("item_index") Integer itemIndex,
            @JsonProperty("session_id") String sessionId,
            @JsonProperty("status") String status,
            @JsonProperty("cdp_url") String cdpUrl,
            @JsonProperty("live_view_url") String liveViewUrl,
            @JsonProperty("error") String error,
            @JsonProperty("retry_count") Integer retryCount,
            @JsonProperty("started_at") String startedAt,
            @JsonProperty("completed_at") String completedAt,
            @JsonProperty("metadata") Map<String, Object> metadata) {

        Session mapStrings(UnaryOperator<String> f) {
            return new Session(itemIndex, f.apply(sessionId), f.apply(status), f.apply(cdpUrl), f.apply(liveViewUrl),
                    f.apply(error), retryCount, f.apply(startedAt), f.apply(completedAt), mapMetadata(metadata, f));
        }

        /** Ready to drive: its browser exists and there is a URL to connect to. */
        public boolean isReady() {
            return "completed".equals(status) && cdpUrl != null && !cdpUrl.isBlank();
        }

        /** Will not become ready: creation failed or was cancelled. */
        public boolean isFailed() {
            return "failed".equals(status) || "cancelled".equals(status);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Progress(
            @JsonProperty("percentage") Double percentage,
            @JsonProperty("current_phase") String currentPhase) {
    }

    @SuppressWarnings("unchecked")
    private static <T> T mapMetadata(T value, UnaryOperator<String> f) {
        if (value instanceof String s) {
            return (T) f.apply(s);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k instanceof String key ? f.apply(key) : k, mapMetadata(v, f)));
            return (T) out;
        }
        if (value instanceof List<?> list) {
            return (T) list.stream().map(v -> mapMetadata(v, f)).collect(java.util.stream.Collectors.toList());
        }
        return value;
    }
}
