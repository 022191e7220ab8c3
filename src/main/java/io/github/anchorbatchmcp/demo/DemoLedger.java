package io.github.anchorbatchmcp.demo;

import io.github.anchorbatchmcp.demo.DemoLife.Reply;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Every batch the simulator knows, the fixed demo batches and those created through it, and the
 * operations on them, answering as the API would. The fixed batches start their clock at the first
 * request that shows or changes them; a created batch at its creation.
 */
final class DemoLedger {

    /** Sessions the demo account has credit for, over the simulator's life: past it, a create gets 402. */
    static final int CREDIT_SESSIONS = 5000;

    private static final Pattern SESSION_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9]{12}");

    private final LongSupplier nanoTime;
    private final long startNanos;
    private final Instant wallAtStart;
    private final Map<String, DemoLife> lives = new ConcurrentHashMap<>();
    /** Created batches, oldest first. */
    private final List<DemoLife> created = new ArrayList<>();
    private int sessionsCreated;
    /**
     * Which batch a session id belongs to, by its first 19 characters: every session id of a batch,
     * first or retried, starts with its batch's own 19 (see {@link DemoBatches#sessionPrefix} and
     * {@link DemoLife}), and no two batches share them.
     */
    private final Map<String, String> batchBySessionPrefix = new ConcurrentHashMap<>();

    /** A session that is ready in its batch now: a browser the session operations can act on. */
    record ReadySession(String sessionId, String batchId, int index, String initialUrl) {
    }

    DemoLedger(LongSupplier nanoTime, Instant wallAtStart) {
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        this.wallAtStart = wallAtStart;
        for (String id : DemoBatches.FIXED) {
            batchBySessionPrefix.put(DemoBatches.sessionPrefix(id).substring(0, 19), id);
            batchBySessionPrefix.put(id.substring(0, 19), id);
        }
    }

    /** The session with this id if it is ready in its batch now; null for any other id. */
    ReadySession readySession(String sessionId) {
        if (!SESSION_ID.matcher(sessionId).matches()) {
            return null;
        }
        String batchId = batchBySessionPrefix.get(sessionId.substring(0, 19));
        DemoLife life = batchId == null ? null : life(batchId);
        if (life == null) {
            return null;
        }
        if (terminated(batchId)) {
            return null;
        }
        int index = Integer.parseInt(sessionId.substring(24));
        Map<String, Object> item = life.session(now(), index);
        return item != null && "completed".equals(item.get("status")) && sessionId.equals(item.get("session_id"))
                ? new ReadySession(sessionId, batchId, index, life.initialUrl()) : null;
    }

    /**
     * A cancelled batch's browsers were terminated with it, as the API's cancel does to running sessions:
     * the fixed cancelled batch's, and those of a batch cancelled here.
     */
    boolean terminated(String batchId) {
        if (DemoBatches.CANCELLED.equals(batchId)) {
            return true;
        }
        DemoLife life = lives.get(batchId);
        return life != null && life.cancelledBy(now());
    }

    Reply status(String id) {
        DemoLife life = life(id);
        return life == null ? Reply.error(404, "Batch not found") : new Reply(200, Map.of("data", life.at(now())));
    }

    Reply cancel(String id) {
        DemoLife life = life(id);
        return life == null ? Reply.error(404, "Batch not found") : data(life.cancel(now()));
    }

    Reply retry(String id) {
        DemoLife life = life(id);
        return life == null ? Reply.error(404, "Batch not found") : data(life.retry(now()));
    }

    /**
     * Creates a batch of {@code count} sessions (already checked), each given {@code metadata} (or none),
     * their browsers opening {@code initialUrl} first (null: an empty page).
     */
    synchronized Reply create(int count, Map<String, Object> metadata, String initialUrl) {
        if (sessionsCreated + count > CREDIT_SESSIONS) {
            return Reply.error(402, "Insufficient credits: " + count + " sessions requested, credit left for "
                    + (CREDIT_SESSIONS - sessionsCreated));
        }
        sessionsCreated += count;
        long now = now();
        String id = UUID.randomUUID().toString();
        // Its session ids are its own first 24 characters, its retried ones its first 19 then "9e7e-":
        // a new id takes 19 characters no batch has, and never "9e7e" where its first sessions would.
        while (batchBySessionPrefix.containsKey(id.substring(0, 19)) || id.startsWith("9e7e", 19)) {
            id = UUID.randomUUID().toString();
        }
        batchBySessionPrefix.put(id.substring(0, 19), id);
        String batchId = id;
        Instant createdAt = wallAtStart.plusNanos(now - startNanos).truncatedTo(ChronoUnit.MILLIS);
        DemoLife life = new DemoLife(id, createdAt, now, elapsed -> DemoBatches.unfolding(batchId, count,
                batchId.substring(0, 24), i -> metadata, elapsed, createdAt, createdAt.plus(DemoBatches.ALL_READY)),
                initialUrl);
        lives.put(id, life);
        created.add(life);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("batch_id", id);
        data.put("status", "pending");
        data.put("total_requests", count);
        data.put("created_at", createdAt.toString());
        return new Reply(200, Map.of("data", data));
    }

    /** A page of batches, newest first, filtered as {@code query} (already checked) says. */
    Reply list(DemoRequests.ListQuery query) {
        long now = now();
        List<DemoLife> all = new ArrayList<>();
        synchronized (this) {
            for (int i = created.size() - 1; i >= 0; i--) {
                all.add(created.get(i));
            }
        }
        DemoBatches.FIXED.forEach(id -> all.add(life(id)));
        all.sort(Comparator.comparing(DemoLife::createdAt).reversed()); // stable: ties keep the order above
        List<Map<String, Object>> matching = new ArrayList<>();
        for (DemoLife life : all) {
            if (query.createdAfter() != null && !life.createdAt().isAfter(query.createdAfter())
                    || query.createdBefore() != null && !life.createdAt().isBefore(query.createdBefore())) {
                continue;
            }
            Map<String, Object> data = life.at(now);
            if (query.status() == null || query.status().equals(data.get("status"))) {
                matching.add(summary(data));
            }
        }
        int pages = (matching.size() + query.limit() - 1) / query.limit();
        int from = Math.min(matching.size(), (query.page() - 1) * query.limit());
        Map<String, Object> pagination = new LinkedHashMap<>();
        pagination.put("current_page", query.page());
        pagination.put("total_pages", pages);
        pagination.put("total_records", matching.size());
        pagination.put("has_next", query.page() < pages);
        pagination.put("has_prev", query.page() > 1);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("batches", matching.subList(from, Math.min(matching.size(), from + query.limit())));
        data.put("pagination", pagination);
        return new Reply(200, Map.of("data", data));
    }

    private static Map<String, Object> summary(Map<String, Object> data) {
        Map<String, Object> s = new LinkedHashMap<>();
        for (String field : List.of("batch_id", "status", "total_requests", "completed_requests", "failed_requests",
                "created_at", "actual_completion_time")) {
            s.put(field, data.get(field));
        }
        return s;
    }

    private static Reply data(Reply reply) {
        return reply.status() == 200 ? new Reply(200, Map.of("data", reply.body())) : reply;
    }

    /** The batch's life, a fixed one's clock starting now if it had not yet; null for an unknown id. */
    private DemoLife life(String id) {
        if (DemoBatches.DESCRIPTIONS.containsKey(id)) {
            long now = now();
            return lives.computeIfAbsent(id, k -> new DemoLife(k, DemoBatches.CREATED, now,
                    elapsed -> DemoBatches.data(k, elapsed), null));
        }
        return lives.get(id);
    }

    private long now() {
        return nanoTime.getAsLong();
    }
}
