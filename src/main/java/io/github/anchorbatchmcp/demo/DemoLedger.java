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

/**
 * Every batch the simulator knows, the fixed demo batches and those created through it, and the
 * operations on them, answering as the API would. The fixed batches start their clock at the first
 * request that shows or changes them; a created batch at its creation.
 */
final class DemoLedger {

    /** Sessions the demo account has credit for, over the simulator's life: past it, a create gets 402. */
    static final int CREDIT_SESSIONS = 5000;

    private final LongSupplier nanoTime;
    private final long startNanos;
    private final Instant wallAtStart;
    private final Map<String, DemoLife> lives = new ConcurrentHashMap<>();
    /** Created batches, oldest first. */
    private final List<DemoLife> created = new ArrayList<>();
    private int sessionsCreated;

    DemoLedger(LongSupplier nanoTime, Instant wallAtStart) {
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        this.wallAtStart = wallAtStart;
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

    /** Creates a batch of {@code count} sessions (already checked), each given {@code metadata} (or none). */
    synchronized Reply create(int count, Map<String, Object> metadata) {
        if (sessionsCreated + count > CREDIT_SESSIONS) {
            return Reply.error(402, "Insufficient credits: " + count + " sessions requested, credit left for "
                    + (CREDIT_SESSIONS - sessionsCreated));
        }
        sessionsCreated += count;
        long now = now();
        String id = UUID.randomUUID().toString();
        Instant createdAt = wallAtStart.plusNanos(now - startNanos).truncatedTo(ChronoUnit.MILLIS);
        DemoLife life = new DemoLife(id, createdAt, now, elapsed -> DemoBatches.unfolding(id, count,
                id.substring(0, 24), i -> metadata, elapsed, createdAt, createdAt.plus(DemoBatches.ALL_READY)));
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
                    elapsed -> DemoBatches.data(k, elapsed)));
        }
        return lives.get(id);
    }

    private long now() {
        return nanoTime.getAsLong();
    }
}
