package io.github.anchorbatchmcp.tools;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.anchorbatchmcp.anchor.BatchId;
import io.github.anchorbatchmcp.anchor.BatchStatus;
import io.github.anchorbatchmcp.anchor.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the tool returns as structured content (schema: {@code batch-report.schema.json}): the state of a
 * batch and what an agent can do next, with bounded lists so that a batch of any size gives a small result.
 */
public record BatchReport(
        @JsonProperty("batch_id") String batchId,
        @JsonProperty("status") String status,
        @JsonProperty("finished") boolean finished,
        @JsonProperty("next_step") String nextStep,
        @JsonProperty("counts") Counts counts,
        @JsonProperty("progress") Progress progress,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("completed_at") String completedAt,
        @JsonProperty("error") String error,
        @JsonProperty("ready_sessions") List<ReadySession> readySessions,
        @JsonProperty("ready_sessions_not_listed") int readySessionsNotListed,
        @JsonProperty("failed_sessions") List<FailedSession> failedSessions,
        @JsonProperty("failed_sessions_not_listed") int failedSessionsNotListed,
        @JsonProperty("failure_reasons") List<FailureReason> failureReasons,
        @JsonProperty("wait_ended") String waitEnded) {

    /** Batch states after which nothing more will become ready. */
    static final Set<String> FINAL_STATES = Set.of("completed", "failed", "cancelled");
    /** States this server knows; others are passed through and treated as still running. */
    static final Set<String> KNOWN_STATES = Set.of("pending", "processing", "completed", "failed", "cancelled");

    static final String WAIT = "wait";
    static final String USE_READY_SESSIONS = "use_ready_sessions";
    static final String GIVE_UP = "give_up";

    /** Why wait_for_batch_sessions returned; get_batch_session_status leaves wait_ended null. */
    static final String ENOUGH_READY = "enough_ready";
    static final String BATCH_FINISHED = "batch_finished";
    static final String BATCH_FAILED = "batch_failed";
    static final String BATCH_CANCELLED = "batch_cancelled";
    static final String TIMED_OUT = "timed_out";

    static final int MAX_REASONS = 10;
    static final int MAX_TEXT = 300;
    static final int MAX_URL = 2048;
    static final int MAX_METADATA_CHARS = 1000;

    /** {@code ready} is counted by this server from the sessions listed by the API; the rest are the API's own counts. */
    public record Counts(
            @JsonProperty("total") Integer total,
            @JsonProperty("ready") int ready,
            @JsonProperty("completed") Integer completed,
            @JsonProperty("failed") Integer failed,
            @JsonProperty("processing") Integer processing,
            @JsonProperty("pending") Integer pending) {
    }

    public record Progress(
            @JsonProperty("percentage") Double percentage,
            @JsonProperty("phase") String phase) {
    }

    public record ReadySession(
            @JsonProperty("item_index") Integer itemIndex,
            @JsonProperty("session_id") String sessionId,
            @JsonProperty("cdp_url") String cdpUrl,
            @JsonProperty("live_view_url") String liveViewUrl,
            @JsonProperty("completed_at") String completedAt,
            @JsonProperty("metadata") Map<String, Object> metadata) {
    }

    public record FailedSession(
            @JsonProperty("item_index") Integer itemIndex,
            @JsonProperty("status") String status,
            @JsonProperty("error") String error,
            @JsonProperty("retry_count") Integer retryCount) {
    }

    public record FailureReason(
            @JsonProperty("error") String error,
            @JsonProperty("count") int count) {
    }

    private static final Comparator<BatchStatus.Session> BY_INDEX = Comparator.comparing(
            BatchStatus.Session::itemIndex, Comparator.nullsLast(Comparator.naturalOrder()));

    /**
     * @param requested the id the tool was called with, used when the API omits its own
     * @param maxListed the most ready sessions, and the most failed sessions, listed
     */
    public static BatchReport of(BatchId requested, BatchStatus s, int maxListed) {
        List<BatchStatus.Session> ready = new ArrayList<>();
        List<BatchStatus.Session> failed = new ArrayList<>();
        for (BatchStatus.Session session : s.sessions()) {
            if (session.isReady()) {
                ready.add(session);
            } else if (session.isFailed()) {
                failed.add(session);
            }
        }
        ready.sort(BY_INDEX);
        failed.sort(BY_INDEX);

        String status = clip(s.status());
        boolean finished = status != null && FINAL_STATES.contains(status);
        String nextStep = !ready.isEmpty() ? USE_READY_SESSIONS : finished ? GIVE_UP : WAIT;

        List<ReadySession> listedReady = ready.stream().limit(maxListed).map(r -> new ReadySession(
                r.itemIndex(), clip(r.sessionId()), clipUrl(r.cdpUrl()), clipUrl(r.liveViewUrl()),
                clip(r.completedAt()), boundedMetadata(r.metadata()))).toList();
        List<FailedSession> listedFailed = failed.stream().limit(maxListed).map(f -> new FailedSession(
                f.itemIndex(), clip(f.status()), clip(f.error()), f.retryCount())).toList();

        BatchStatus.Progress p = s.progress();
        return new BatchReport(
                s.batchId() != null ? clip(s.batchId()) : requested.value(),
                status,
                finished,
                nextStep,
                new Counts(s.totalRequests(), ready.size(), s.completedRequests(), s.failedRequests(),
                        s.processingRequests(), s.pendingRequests()),
                new Progress(p == null ? null : p.percentage(), p == null ? null : clip(p.currentPhase())),
                clip(s.createdAt()),
                clip(s.actualCompletionTime()),
                clip(s.error()),
                listedReady,
                ready.size() - listedReady.size(),
                listedFailed,
                failed.size() - listedFailed.size(),
                reasons(failed),
                null);
    }

    /** The same report, saying why a wait ended. */
    BatchReport withWaitEnded(String reason) {
        return new BatchReport(batchId, status, finished, nextStep, counts, progress, createdAt, completedAt, error,
                readySessions, readySessionsNotListed, failedSessions, failedSessionsNotListed, failureReasons, reason);
    }

    /** Sessions that will not change any more: ready, or failed or cancelled. */
    int settled() {
        return counts.ready() + failedSessions.size() + failedSessionsNotListed;
    }

    /** Failures grouped by their message, most frequent first; past {@link #MAX_REASONS}, the rest in one group. */
    private static List<FailureReason> reasons(List<BatchStatus.Session> failed) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (BatchStatus.Session f : failed) {
            String reason = f.error() == null || f.error().isBlank()
                    ? ("cancelled".equals(f.status()) ? "cancelled" : "no reason given")
                    : clip(f.error().strip());
            counts.merge(reason, 1, Integer::sum);
        }
        List<FailureReason> all = counts.entrySet().stream()
                .map(e -> new FailureReason(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingInt(FailureReason::count).reversed()
                        .thenComparing(FailureReason::error))
                .toList();
        if (all.size() <= MAX_REASONS) {
            return all;
        }
        List<FailureReason> top = new ArrayList<>(all.subList(0, MAX_REASONS - 1));
        List<FailureReason> rest = all.subList(MAX_REASONS - 1, all.size());
        top.add(new FailureReason(rest.size() + " other reasons",
                rest.stream().mapToInt(FailureReason::count).sum()));
        return List.copyOf(top);
    }

    /** Metadata is the caller's own, of any size: kept when small, else replaced by a note. */
    private static Map<String, Object> boundedMetadata(Map<String, Object> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return metadata;
        }
        return JsonMapper.shared().writeValueAsString(metadata).length() <= MAX_METADATA_CHARS
                ? metadata
                : Map.of("omitted", "metadata over " + MAX_METADATA_CHARS + " characters");
    }

    private static String clip(String s) {
        return s == null ? null : Text.clip(s, MAX_TEXT);
    }

    /** A clipped URL would not connect: an absurdly long one is dropped instead. */
    private static String clipUrl(String s) {
        return s == null || s.length() > MAX_URL ? null : s;
    }
}
