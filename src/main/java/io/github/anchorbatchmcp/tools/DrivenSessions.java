package io.github.anchorbatchmcp.tools;

import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.anchor.ApiOutcome;
import io.github.anchorbatchmcp.anchor.BatchId;
import io.github.anchorbatchmcp.anchor.BatchStatus;
import io.github.anchorbatchmcp.anchor.SessionId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Which ready sessions of a batch one call drives: those named by item index, or the first ready ones,
 * at most {@code ANCHOR_MAX_DRIVEN_SESSIONS}. Everything refused here is refused before any request
 * to a session.
 */
final class DrivenSessions {

    /** One ready session to drive. {@code id} is null when the API's session id is not a UUID. */
    record Driven(Integer itemIndex, String sessionId, SessionId id) {
    }

    /** @param readyNotDriven ready sessions of the batch this call leaves alone */
    record Choice(List<Driven> sessions, int readyNotDriven) {

        /** 0, 1, … for each session: what a fan-out runs over, so that each knows its place. */
        List<Integer> positions() {
            return IntStream.range(0, sessions.size()).boxed().toList();
        }
    }

    /** The sessions a call drives, or (when none can be) the error result that says why; one is null. */
    record Pick(Choice choice, ToolResult refusal) {
    }

    static final String SESSIONS = "sessions";

    private DrivenSessions() {
    }

    /** The {@code sessions} argument: distinct item indexes, at most {@code max}; null when not given. */
    static List<Integer> requested(Map<String, Object> args, int max) {
        Object raw = args.get(SESSIONS);
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException(SESSIONS + " must be a list of item indexes (whole numbers from 0),"
                    + " such as [0, 1, 2], or left out to drive the ready sessions in order.");
        }
        Set<Integer> seen = new LinkedHashSet<>();
        for (Object o : list) {
            if (!(o instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 0
                    || n.doubleValue() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(SESSIONS + " must hold item indexes, whole numbers from 0 (got "
                        + o + ").");
            }
            if (!seen.add(n.intValue())) {
                throw new IllegalArgumentException(SESSIONS + " names item " + n.intValue() + " twice.");
            }
        }
        if (seen.size() > max) {
            throw new IllegalArgumentException(SESSIONS + " names " + seen.size() + " sessions; one call drives at"
                    + " most " + max + " (ANCHOR_MAX_DRIVEN_SESSIONS). Split them over several calls.");
        }
        return List.copyOf(seen);
    }

    /**
     * @param requested the item indexes asked for, or null for the first ready sessions
     * @param wanted how many of the first ready sessions, when none are named: at most {@code max}
     */
    static Choice choose(BatchId batch, BatchStatus status, List<Integer> requested, int wanted) {
        List<BatchStatus.Session> ready = status.sessions().stream().filter(BatchStatus.Session::isReady)
                .sorted(Comparator.comparing(BatchStatus.Session::itemIndex,
                        Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        List<BatchStatus.Session> chosen = new ArrayList<>();
        if (requested == null) {
            chosen.addAll(ready.subList(0, Math.min(wanted, ready.size())));
        } else {
            Map<Integer, BatchStatus.Session> byIndex = new LinkedHashMap<>();
            ready.forEach(s -> byIndex.putIfAbsent(s.itemIndex(), s));
            for (int index : requested) {
                BatchStatus.Session s = byIndex.get(index);
                if (s == null) {
                    throw new IllegalArgumentException("Item " + index + " is not a ready session of batch " + batch
                            + (ready.isEmpty() ? "." : "; the ready ones are items " + ranges(byIndex.keySet()) + ".")
                            + " Nothing was done; get_batch_session_status lists the ready sessions.");
                }
                chosen.add(s);
            }
        }
        List<Driven> driven = chosen.stream()
                .map(s -> new Driven(s.itemIndex(), s.sessionId(), SessionId.orNull(s.sessionId()))).toList();
        return new Choice(driven, ready.size() - driven.size());
    }

    /**
     * Reads the batch and chooses its sessions for one call, as {@link #choose} does; an API failure, an
     * index that is not a ready session, or a batch with none ready is the refusal.
     */
    static Pick pick(AnchorClient client, BatchId batch, List<Integer> requested, int wanted)
            throws InterruptedException {
        ApiOutcome outcome = client.fetch(batch);
        if (!(outcome instanceof ApiOutcome.Found found)) {
            return new Pick(null, ToolResults.error(((ApiOutcome.Failure) outcome).message(batch)));
        }
        Choice choice;
        try {
            choice = choose(batch, found.status(), requested, wanted);
        } catch (IllegalArgumentException e) {
            return new Pick(null, ToolResults.error(e.getMessage()));
        }
        return choice.sessions().isEmpty() ? new Pick(null, ToolResults.error(noneReady(batch, found.status())))
                : new Pick(choice, null);
    }

    /** Why nothing can be driven: the batch has no ready session (yet, or any more). */
    static String noneReady(BatchId batch, BatchStatus status) {
        String state = status.status() == null ? "status unknown" : "status " + status.status();
        if (status.status() != null && BatchReport.FINAL_STATES.contains(status.status())) {
            return "Batch " + batch + " has no ready browser to drive (" + state + "). Nothing was done; create a new"
                    + " batch with create_batch_sessions if browsers are still needed.";
        }
        return "No browser of batch " + batch + " is ready yet (" + state + "). Nothing was done: wait first, with"
                + " wait_for_batch_sessions {\"batch_id\":\"" + batch + "\",\"min_ready\":1}, then call again.";
    }

    /** "0-3, 5, 7-9", shortened past a few hundred characters. */
    static String ranges(Set<Integer> indexes) {
        List<Integer> sorted = indexes.stream().filter(java.util.Objects::nonNull).sorted().toList();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            out.append(out.length() == 0 ? "" : ", ").append(sorted.get(i)).append(j > i ? "-" + sorted.get(j) : "");
            if (out.length() > 300) {
                return out + ", …";
            }
            i = j + 1;
        }
        return out.toString();
    }
}
