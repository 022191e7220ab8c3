package io.github.anchorbatchmcp.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One batch's life in the simulator: how it unfolds by itself from its start, and what a cancel or a
 * retry did to it since. A cancel freezes it as it was at that moment, its unfinished sessions
 * cancelled; a retry sets its failed sessions going again, ready one by one over the next 10 s.
 */
final class DemoLife {

    /** What an operation answers: an HTTP status and the JSON body (or {@link Bytes}, sent as they are). */
    record Reply(int status, Object body) {
        static Reply error(int status, String message) {
            return new Reply(status, Map.of("error", Map.of("code", status, "message", message)));
        }

        /** A 200 whose body is not JSON: a screenshot, a page's text. */
        static Reply bytes(String contentType, byte[] bytes) {
            return new Reply(200, new Bytes(contentType, bytes));
        }

        record Bytes(String contentType, byte[] bytes) {
        }
    }

    private final String id;
    private final Instant createdAt;
    private final long startNanos;
    private final Function<Duration, Map<String, Object>> unfold;
    private final String initialUrl;
    private Duration cancelledAt;
    private Duration retriedAt;
    private List<Integer> retried = List.of();

    /**
     * @param unfold the batch's data at a time since its start, as if nothing were done to it
     * @param initialUrl the page each of its browsers opens first ({@code configuration.session.initial_url}),
     *     or null for an empty page
     */
    DemoLife(String id, Instant createdAt, long startNanos, Function<Duration, Map<String, Object>> unfold,
            String initialUrl) {
        this.id = id;
        this.createdAt = createdAt;
        this.startNanos = startNanos;
        this.unfold = unfold;
        this.initialUrl = initialUrl;
    }

    String initialUrl() {
        return initialUrl;
    }

    /** Session item {@code index} as the status endpoint shows it now, or null when the batch has none such. */
    Map<String, Object> session(long nowNanos, int index) {
        List<Map<String, Object>> sessions = sessions(at(nowNanos));
        return index >= 0 && index < sessions.size() ? sessions.get(index) : null;
    }

    String id() {
        return id;
    }

    Instant createdAt() {
        return createdAt;
    }

    /** Whether a cancel (PATCH) took effect by {@code nowNanos}. */
    synchronized boolean cancelledBy(long nowNanos) {
        return cancelledAt != null && Duration.ofNanos(nowNanos - startNanos).compareTo(cancelledAt) >= 0;
    }

    /** The batch's data now, as the status endpoint shows it. */
    synchronized Map<String, Object> at(long nowNanos) {
        Duration elapsed = Duration.ofNanos(nowNanos - startNanos);
        boolean cancelled = cancelledAt != null && elapsed.compareTo(cancelledAt) >= 0;
        Duration t = cancelled ? cancelledAt : elapsed;
        Map<String, Object> data = unfold.apply(t);
        if (retriedAt != null && t.compareTo(retriedAt) >= 0) {
            data = retrying(data, t.minus(retriedAt));
        }
        return cancelled ? cancelling(data) : data;
    }

    synchronized Reply cancel(long nowNanos) {
        Map<String, Object> data = at(nowNanos);
        String status = (String) data.get("status");
        if (!status.equals("pending") && !status.equals("processing")) {
            return Reply.error(409, "Batch is already " + status + " and cannot be cancelled");
        }
        // The sessions still being set up are the ones it stops; those ready stay as they were, as in the
        // fixed cancelled demo batch.
        int running = unfinished(sessions(data)).size();
        cancelledAt = Duration.ofNanos(nowNanos - startNanos);
        return new Reply(200, Map.of("batch_id", id, "status", "cancelled", "cancelled_sessions", running,
                "message", "Batch cancelled; " + running + " sessions still being created were terminated"));
    }

    synchronized Reply retry(long nowNanos) {
        Map<String, Object> data = at(nowNanos);
        List<Integer> failed = new ArrayList<>();
        for (Map<String, Object> s : sessions(data)) {
            if ("failed".equals(s.get("status"))) {
                failed.add((Integer) s.get("item_index"));
            }
        }
        if (cancelledAt != null) {
            return Reply.error(400, "Batch is cancelled: there is nothing to retry");
        }
        if (failed.isEmpty()) {
            return Reply.error(400, "No failed sessions to retry");
        }
        retriedAt = Duration.ofNanos(nowNanos - startNanos);
        retried = List.copyOf(failed);
        return new Reply(200, Map.of("batch_id", id, "status", "processing", "retried_sessions", failed.size(),
                "message", "Retrying " + failed.size() + " failed sessions"));
    }

    /** The retried sessions, {@code since} the retry: processing, then ready one by one. */
    private Map<String, Object> retrying(Map<String, Object> data, Duration since) {
        List<Map<String, Object>> sessions = sessions(data);
        int n = retried.size();
        boolean allReady = true;
        for (int k = 0; k < n; k++) {
            int i = retried.get(k);
            Map<String, Object> s;
            if (since.compareTo(DemoBatches.readyAt(k, n)) >= 0) {
                s = DemoBatches.readySession(String.format("%s%012d", id.substring(0, 19) + "9e7e-", i), i, null,
                        createdAt);
            } else {
                s = DemoBatches.item(i, "processing", createdAt);
                allReady = false;
            }
            s.put("retry_count", ((Number) sessions.get(i).getOrDefault("retry_count", 0)).intValue() + 1);
            sessions.set(i, s);
        }
        Instant done = createdAt.plus(retriedAt).plus(DemoBatches.ALL_READY);
        return DemoBatches.summary(id, allReady ? "completed" : "processing", allReady ? "ready" : "configuring", null,
                sessions, createdAt, done);
    }

    private Map<String, Object> cancelling(Map<String, Object> data) {
        List<Map<String, Object>> sessions = sessions(data);
        for (Map<String, Object> s : unfinished(sessions)) {
            int i = (Integer) s.get("item_index");
            Map<String, Object> c = DemoBatches.item(i, "cancelled", createdAt);
            c.put("retry_count", s.getOrDefault("retry_count", 0));
            sessions.set(i, c);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> progress = (Map<String, Object>) data.get("progress");
        return DemoBatches.summary(id, "cancelled", (String) progress.get("current_phase"), null, sessions, createdAt,
                createdAt.plus(cancelledAt));
    }

    private static List<Map<String, Object>> unfinished(List<Map<String, Object>> sessions) {
        return sessions.stream().filter(s -> "pending".equals(s.get("status")) || "processing".equals(s.get("status")))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sessions(Map<String, Object> data) {
        return (List<Map<String, Object>>) data.get("sessions");
    }
}
