package io.github.anchorbatchmcp.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    static final Duration EACH_NEXT = Duration.ofMillis(1500);
    static final Duration QUEUED_FOR = Duration.ofMillis(1500);

    private static final Instant CREATED = Instant.parse("2026-11-28T09:00:00Z");

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
                return batch(id, "completed", "ready", null, ready(3, true));
            case PARTLY_FAILED: {
                List<Map<String, Object>> sessions = ready(8, false);
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
                List<Map<String, Object>> sessions = ready(6, false);
                for (int i = 2; i < 6; i++) {
                    sessions.set(i, item(i, "cancelled"));
                }
                return batch(id, "cancelled", "configuring", null, sessions);
            }
            case LARGE: {
                List<Map<String, Object>> sessions = ready(1000, true);
                for (int i = 0; i < 1000; i += 100) {
                    sessions.set(i + 99, failed(i + 99, "Browser provisioning timed out", 3));
                }
                return batch(id, "completed", "ready", null, sessions);
            }
            case HUGE:
                return batch(id, "completed", "ready", null, ready(5000, true));
            default:
                return null;
        }
    }

    private static Map<String, Object> moving(Duration elapsed) {
        List<Map<String, Object>> sessions = new ArrayList<>();
        int ready = 0;
        for (int i = 0; i < MOVING_SESSIONS; i++) {
            Duration readyAt = FIRST_READY.plus(EACH_NEXT.multipliedBy(i));
            if (elapsed.compareTo(readyAt) >= 0) {
                sessions.add(readySession(i, true));
                ready++;
            } else {
                sessions.add(item(i, elapsed.compareTo(QUEUED_FOR) < 0 ? "pending" : "processing"));
            }
        }
        String phase = ready == MOVING_SESSIONS ? "ready"
                : elapsed.compareTo(QUEUED_FOR) < 0 ? "queued"
                : ready == 0 ? "provisioning" : "configuring";
        String status = ready == MOVING_SESSIONS ? "completed" : phase.equals("queued") ? "pending" : "processing";
        return batch(MOVING, status, phase, null, sessions);
    }

    private static Map<String, Object> batch(String id, String status, String phase, String error,
            List<Map<String, Object>> sessions) {
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
        data.put("created_at", CREATED.toString());
        if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
            data.put("actual_completion_time", CREATED.plusSeconds(12).toString());
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

    private static List<Map<String, Object>> ready(int n, boolean metadata) {
        List<Map<String, Object>> sessions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sessions.add(readySession(i, metadata));
        }
        return sessions;
    }

    private static Map<String, Object> item(int index, String status) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("item_index", index);
        s.put("status", status);
        s.put("retry_count", 0);
        if (!status.equals("pending")) {
            s.put("started_at", CREATED.plusSeconds(1).toString());
        }
        return s;
    }

    private static Map<String, Object> readySession(int index, boolean metadata) {
        String sessionId = String.format("a0000000-5e55-4000-8000-%012d", index);
        Map<String, Object> s = item(index, "completed");
        s.put("session_id", sessionId);
        s.put("cdp_url", "wss://connect.anchorbrowser.io?sessionId=" + sessionId);
        s.put("live_view_url", "https://live.anchorbrowser.io?sessionId=" + sessionId);
        s.put("completed_at", CREATED.plusSeconds(4 + index % 60).toString());
        if (metadata) {
            s.put("metadata", Map.of("task", "price-check", "shard", index));
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
