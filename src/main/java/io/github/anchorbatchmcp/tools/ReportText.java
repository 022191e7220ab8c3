package io.github.anchorbatchmcp.tools;

import io.github.anchorbatchmcp.anchor.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text an agent reads: state, counts and phase, what to do next, then the ready sessions and
 * the failures. Plain and deterministic, bounded like the report it renders.
 */
final class ReportText {

    static final String POLL_HINT = "call wait_for_batch_sessions to wait in one call, or get_batch_session_status"
            + " again in about 5 seconds";
    static final String WAIT_HINT = "call wait_for_batch_sessions again to keep waiting";

    private ReportText() {
    }

    static String render(BatchReport r) {
        StringBuilder out = new StringBuilder();
        out.append("Batch ").append(r.batchId()).append(": ").append(r.status() == null ? "status unknown" : r.status());
        List<String> progress = new ArrayList<>();
        if (r.progress().phase() != null) {
            progress.add("phase " + r.progress().phase());
        }
        if (r.progress().percentage() != null) {
            progress.add(percent(r.progress().percentage()) + " done");
        }
        if (!progress.isEmpty()) {
            out.append(" (").append(String.join(", ", progress)).append(')');
        }
        out.append(".\n");
        out.append("Sessions: ").append(counts(r.counts())).append(".\n");
        if (r.error() != null) {
            out.append("Batch error: ").append(r.error()).append('\n');
        }
        if (r.waitEnded() != null) {
            out.append("Wait ended: ").append(waitEnded(r.waitEnded())).append('\n');
        }
        out.append("Next: ").append(next(r)).append('\n');

        if (!r.readySessions().isEmpty()) {
            out.append("\nReady sessions (").append(r.counts().ready()).append("):\n");
            for (BatchReport.ReadySession s : r.readySessions()) {
                out.append("- item ").append(orDash(s.itemIndex())).append(": session ").append(orDash(s.sessionId()))
                        .append("\n  cdp_url: ").append(orDash(s.cdpUrl()))
                        .append("\n  live_view_url: ").append(orDash(s.liveViewUrl())).append('\n');
            }
            if (r.readySessionsNotListed() > 0) {
                out.append("… and ").append(r.readySessionsNotListed())
                        .append(" more ready sessions not listed here.\n");
            }
        }
        if (!r.failureReasons().isEmpty()) {
            int failed = r.failedSessions().size() + r.failedSessionsNotListed();
            out.append("\nFailed sessions (").append(failed).append("), by reason:\n");
            for (BatchReport.FailureReason reason : r.failureReasons()) {
                out.append("- ").append(reason.count()).append(" × ").append(reason.error()).append('\n');
            }
            out.append("Failed items: ");
            List<String> items = new ArrayList<>();
            for (BatchReport.FailedSession f : r.failedSessions()) {
                items.add(orDash(f.itemIndex()) + (f.retryCount() != null && f.retryCount() > 0
                        ? " (" + f.retryCount() + (f.retryCount() == 1 ? " retry)" : " retries)") : ""));
            }
            out.append(String.join(", ", items));
            if (r.failedSessionsNotListed() > 0) {
                out.append(", and ").append(r.failedSessionsNotListed()).append(" more");
            }
            out.append(".\n");
        }
        return out.toString();
    }

    private static String waitEnded(String reason) {
        switch (reason) {
            case BatchReport.ENOUGH_READY:
                return "enough sessions are ready.";
            case BatchReport.BATCH_FINISHED:
                return "the batch finished.";
            case BatchReport.BATCH_FAILED:
                return "the batch failed.";
            case BatchReport.BATCH_CANCELLED:
                return "the batch was cancelled.";
            default:
                return "time-out, before the batch was ready; this is not an error.";
        }
    }

    private static String next(BatchReport r) {
        String again = r.waitEnded() != null ? WAIT_HINT : POLL_HINT;
        int ready = r.counts().ready();
        String browsers = ready == 1 ? "the ready browser" : "the " + ready + " ready browsers";
        String status = r.status() == null ? "" : r.status();
        String unknown = r.status() == null ? " The API gave no status; treat the batch as still running."
                : !BatchReport.KNOWN_STATES.contains(status)
                ? " The status \"" + status + "\" is not one this server knows; treat the batch as still running."
                : "";
        switch (r.nextStep()) {
            case BatchReport.USE_READY_SESSIONS:
                return "connect to " + browsers + " now through " + (ready == 1 ? "its" : "their")
                        + " cdp_url (a Chrome DevTools Protocol"
                        + " websocket); an idle browser closes after about 5 minutes."
                        + (r.finished() ? " The batch is over: no more sessions will become ready."
                                : " More may follow; for the rest, " + again + ".")
                        + unknown;
            case BatchReport.GIVE_UP:
                String why = status.equals("failed") ? "the batch failed"
                        : status.equals("cancelled") ? "the batch was cancelled"
                        : "the batch finished";
                return why + " and no browser is ready to drive; create a new batch if browsers are still needed.";
            default:
                return "no browser is ready yet; " + again + "." + unknown;
        }
    }

    private static String counts(BatchReport.Counts c) {
        List<String> parts = new ArrayList<>();
        parts.add(c.ready() + " ready");
        if (c.completed() != null) {
            parts.add(c.completed() + " completed");
        }
        if (c.failed() != null) {
            parts.add(c.failed() + " failed");
        }
        if (c.processing() != null) {
            parts.add(c.processing() + " processing");
        }
        if (c.pending() != null) {
            parts.add(c.pending() + " pending");
        }
        String listed = String.join(", ", parts);
        return c.total() == null ? listed : c.total() + " requested; " + listed;
    }

    private static String percent(double p) {
        return p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f%%", p) : String.format(Locale.ROOT, "%.1f%%", p);
    }

    private static String orDash(Object o) {
        return o == null ? "-" : o.toString();
    }
}
