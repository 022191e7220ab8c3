package io.github.anchorbatchmcp.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The batches the simulated API knows, as the documented JSON ({@code data} of
 * {@code GET /v1/batch-sessions/{batch_id}}), written with the contract's own field names.
 */
public final class DemoBatches {

    public static final String MOVING = "11111111-1111-4111-8111-111111111111";
    public static final String COMPLETED = "22222222-2222-4222-8222-222222222222";
    public static final String PARTLY_FAILED = "33333333-3333-4333-8333-333333333333";
    public static final String FAILED = "44444444-4444-4444-8444-444444444444";
    public static final String CANCELLED = "55555555-5555-4555-8555-555555555555";
    public static final String LARGE = "66666666-6666-4666-8666-666666666666";
    public static final String HUGE = "77777777-7777-4777-8777-777777777777";

    /** What each batch shows, for the list printed at start. */
    public static final Map<String, String> DESCRIPTIONS = descriptions();

    /** The moving batch: 5 sessions, the first ready after 4 s, one more every 1.5 s, all by 10 s. */
    static final int MOVING_SESSIONS = 5;
    static final Duration FIRST_READY = Duration.ofMillis(4000);
    static final Duration QUEUED_FOR = Duration.ofMillis(1500);
    static final Duration ALL_READY = Duration.ofSeconds(10);

    /** The fixed batches, in the order a list shows them (they were all created at the same moment). */
    static final List<String> FIXED = List.of(MOVING, COMPLETED, PARTLY_FAILED, FAILED, CANCELLED, LARGE, HUGE);

    static final Instant CREATED = Instant.parse("2026-11-28T09:00:00Z");

    /**
     * The first 24 characters of the session ids of a fixed batch, its own so that no two batches share
     * a session id (a browser is found by its id alone): {@code a000000N-5e55-4000-8000-}, N its place
     * in {@link #FIXED} from 1. Retried sessions take their batch's id instead (see {@link DemoLife}).
     */
    static String sessionPrefix(String fixedId) {
        return String.format("a%07d-5e55-4000-8000-", FIXED.indexOf(fixedId) + 1);
    }

    private DemoBatches() {
    }

    private static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(MOVING, "5 sessions going queued -> provisioning -> configuring -> ready over 10 s, from the first request");
        d.put(COMPLETED, "completed: 3 ready sessions with CDP and live-view URLs and metadata");
        d.put(PARTLY_FAILED, "completed with failures: 5 ready, 3 failed for 2 different reasons");
        d.put(FAILED, "failed as a whole, with an error");
        d.put(CANCELLED, "cancelled: 2 sessions ready before it was, 4 cancelled");
        d.put(LARGE, "1,000 sessions: 990 ready and 10 failed, to show the size bound");
        d.put(HUGE, "5,000 sessions, all ready: the most the API's documents mention");
        return Map.copyOf(d);
    }

    /**
     * The batch's data at {@code elapsed} since it was first asked for, or null for an unknown id.
     */
    static Map<String, Object> data(String id, Duration elapsed) {
        switch (id) {
            case MOVING:
                return moving(elapsed);
            case COMPLETED:
                return batch(id, "completed", "ready", null, ready(id, 3, true));
            case PARTLY_FAILED: {
                List<Map<String, Object>> sessions = ready(id, 8, false);
                sessions.set(2, failed(2, "Proxy connection refused", 2));
                sessions.set(5, failed(5, "Proxy connection refused", 2));
                sessions.set(7, failed(7, "Browser crashed during startup", 3));
                return batch(id, "completed", "ready", null, sessions);
            }
            case FAILED: {
                List<Map<String, Object>> sessions = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    sessions.add(failed(i, "Concurrent session limit reached", 1));
                }
                return batch(id, "failed", "provisioning",
                        "Concurrent session limit reached for this plan: 4 requested, 0 available", sessions);
            }
            case CANCELLED: {
                List<Map<String, Object>> sessions = ready(id, 6, false);
                for (int i = 2; i < 6; i++) {
                    sessions.set(i, item(i, "cancelled"));
                }
                return batch(id, "cancelled", "configuring", null, sessions);
            }
            case LARGE: {
                List<Map<String, Object>> sessions = ready(id, 1000, true);
                for (int i = 0; i < 1000; i += 100) {
                    sessions.set(i + 99, failed(i + 99, "Browser provisioning timed out", 3));
                }
                return batch(id, "completed", "ready", null, sessions);
            }
            case HUGE:
                return batch(id, "completed", "ready", null, ready(id, 5000, true));
            default:
                return null;
        }
    }

    private static Map<String, Object> moving(Duration elapsed) {
        return unfolding(MOVING, MOVING_SESSIONS, sessionPrefix(MOVING),
                i -> Map.of("task", "price-check", "shard", i), elapsed, CREATED, CREATED.plusSeconds(12));
    }

    /**
     * A batch of {@code count} sessions at {@code elapsed} since it started: queued for 1.5 s, then
     * provisioning, the first session ready at 4 s and the others one by one until all are by 10 s.
     *
     * @param sessionIds the first 24 characters of every session id (a UUID up to its last group)
     * @param metadata each session's metadata, by its index (null: none)
     */
    static Map<String, Object> unfolding(String id, int count, String sessionIds,
            IntFunction<Map<String, Object>> metadata, Duration elapsed, Instant createdAt, Instant completedAt) {
        List<Map<String, Object>> sessions = new ArrayList<>();
        int ready = 0;
        for (int i = 0; i < count; i++) {
            if (elapsed.compareTo(readyAt(i, count)) >= 0) {
                sessions.add(readySession(String.format("%s%012d", sessionIds, i), i, metadata.apply(i), createdAt));
                ready++;
            } else {
                sessions.add(item(i, elapsed.compareTo(QUEUED_FOR) < 0 ? "pending" : "processing", createdAt));
            }
        }
        String phase = ready == count ? "ready"
                : elapsed.compareTo(QUEUED_FOR) < 0 ? "queued"
                : ready == 0 ? "provisioning" : "configuring";
        String status = ready == count ? "completed" : phase.equals("queued") ? "pending" : "processing";
        return summary(id, status, phase, null, sessions, createdAt, completedAt);
    }

    /** When session {@code i} of {@code count} is ready: the first at 4 s, the last at 10 s. */
    static Duration readyAt(int i, int count) {
        return count == 1 ? FIRST_READY
                : FIRST_READY.plus(ALL_READY.minus(FIRST_READY).multipliedBy(i).dividedBy(count - 1));
    }

    private static Map<String, Object> batch(String id, String status, String phase, String error,
            List<Map<String, Object>> sessions) {
        return summary(id, status, phase, error, sessions, CREATED, CREATED.plusSeconds(12));
    }

    /** A batch's data from its sessions: the counts and progress follow from them. */
    static Map<String, Object> summary(String id, String status, String phase, String error,
            List<Map<String, Object>> sessions, Instant createdAt, Instant completedAt) {
        int completed = count(sessions, "completed");
        int failed = count(sessions, "failed");
        int processing = count(sessions, "processing");
        int pending = count(sessions, "pending");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("batch_id", id);
        data.put("status", status);
        data.put("total_requests", sessions.size());
        data.put("completed_requests", completed);
        data.put("failed_requests", failed);
        data.put("processing_requests", processing);
        data.put("pending_requests", pending);
        data.put("created_at", createdAt.toString());
        if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
            data.put("actual_completion_time", completedAt.toString());
        }
        if (error != null) {
            data.put("error", error);
        }
        data.put("sessions", sessions);
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("percentage", sessions.isEmpty() ? 0 : Math.round(1000.0 * (completed + failed) / sessions.size()) / 10.0);
        progress.put("current_phase", phase);
        data.put("progress", progress);
        return data;
    }

    private static int count(List<Map<String, Object>> sessions, String status) {
        return (int) sessions.stream().filter(s -> status.equals(s.get("status"))).count();
    }

    private static List<Map<String, Object>> ready(String id, int n, boolean metadata) {
        String prefix = sessionPrefix(id);
        List<Map<String, Object>> sessions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sessions.add(readySession(String.format("%s%012d", prefix, i), i,
                    metadata ? Map.of("task", "price-check", "shard", i) : null, CREATED));
        }
        return sessions;
    }

    private static Map<String, Object> item(int index, String status) {
        return item(index, status, CREATED);
    }

    static Map<String, Object> item(int index, String status, Instant createdAt) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("item_index", index);
        s.put("status", status);
        s.put("retry_count", 0);
        if (!status.equals("pending")) {
            s.put("started_at", createdAt.plusSeconds(1).toString());
        }
        return s;
    }

    /** A session whose browser runs: it has the URLs to connect to. */
    static Map<String, Object> readySession(String sessionId, int index, Map<String, Object> metadata,
            Instant createdAt) {
        Map<String, Object> s = item(index, "completed", createdAt);
        s.put("session_id", sessionId);
        s.put("cdp_url", "wss://connect.anchorbrowser.io?sessionId=" + sessionId);
        s.put("live_view_url", "https://live.anchorbrowser.io?sessionId=" + sessionId);
        s.put("completed_at", createdAt.plusSeconds(4 + index % 60).toString());
        if (metadata != null) {
            s.put("metadata", metadata);
        }
        return s;
    }

    private static Map<String, Object> failed(int index, String error, int retries) {
        Map<String, Object> s = item(index, "failed");
        s.put("error", error);
        s.put("retry_count", retries);
        s.put("completed_at", CREATED.plusSeconds(30).toString());
        return s;
    }
}
