package io.github.anchorbatchmcp.tools;

import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.anchor.ApiOutcome;
import io.github.anchorbatchmcp.anchor.BatchId;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool {@code wait_for_batch_sessions}: polls the batch until enough sessions are ready, the
 * batch ends, or the time is up, then answers with the same report as {@code get_batch_session_status}
 * and why the wait ended. With a progress token it sends {@code notifications/progress} whenever more
 * sessions have settled. Cancelling the call interrupts the wait at once: no further request is made.
 */
public final class WaitTool implements AnchorTool {

    public static final String NAME = "wait_for_batch_sessions";
    static final String TITLE = "Wait for Batch Sessions";
    static final int DEFAULT_TIMEOUT = 30;
    /** Below the 60 s after which common clients give up on a call. */
    static final int MAX_TIMEOUT = 50;
    /** A client that asked for progress hears from the server while it waits. */
    static final int MAX_TIMEOUT_WITH_PROGRESS = 300;
    static final Duration FIRST_INTERVAL = Duration.ofSeconds(1);
    /** The longest pause while the batch moves: a wait returns within this of the moment it could. */
    static final Duration MOVING_INTERVAL = Duration.ofSeconds(2);
    /** The longest pause of all, once nothing has changed for {@link #IDLE_STRETCH}. */
    static final Duration MAX_INTERVAL = Duration.ofSeconds(5);
    static final Duration IDLE_STRETCH = Duration.ofSeconds(30);

    static final String DESCRIPTION = "Waits until a batch's browsers are ready, so that you need not poll:"
            + " returns once min_ready sessions are ready (default: when the batch finishes), or after"
            + " timeout_seconds. The result is get_batch_session_status's report plus wait_ended (enough_ready,"
            + " batch_finished, batch_failed, batch_cancelled or timed_out); a time-out is a normal result: call"
            + " again to keep waiting. With a progress token, progress is sent as sessions settle.";

    private static final Logger log = LoggerFactory.getLogger(WaitTool.class);

    private final AnchorClient client;
    private final int maxListedSessions;
    private final LongSupplier nanoTime;
    private final AnchorClient.Sleeper sleeper;

    /** @param nanoTime and {@code sleeper}: the clock, so that tests can move time instead of waiting */
    public WaitTool(AnchorClient client, int maxListedSessions, LongSupplier nanoTime, AnchorClient.Sleeper sleeper) {
        this.client = client;
        this.maxListedSessions = maxListedSessions;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    public static WaitTool forClient(AnchorClient client, int maxListedSessions) {
        return new WaitTool(client, maxListedSessions, System::nanoTime, d -> Thread.sleep(d.toMillis()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ToolResult call(Map<String, Object> arguments, ProgressSink progress) {
        BatchId id;
        Integer minReady;
        Duration timeout;
        try {
            id = BatchId.parse(arguments.get("batch_id"));
            minReady = Arguments.integer(arguments, "min_ready", 1, Integer.MAX_VALUE);
            Integer seconds = Arguments.integer(arguments, "timeout_seconds", 1, MAX_TIMEOUT_WITH_PROGRESS);
            int limit = progress == null ? MAX_TIMEOUT : MAX_TIMEOUT_WITH_PROGRESS;
            timeout = Duration.ofSeconds(Math.min(seconds == null ? DEFAULT_TIMEOUT : seconds, limit));
        } catch (IllegalArgumentException e) {
            return ToolResults.error(e.getMessage());
        }
        return ToolResults.callApi(client, log, "the request for batch " + id, "reading batch " + id,
                "Calling again may work", () -> waitFor(id, minReady, timeout, progress));
    }

    private ToolResult waitFor(BatchId id, Integer minReady, Duration timeout, ProgressSink progress)
            throws InterruptedException {
        long deadline = nanoTime.getAsLong() + timeout.toNanos();
        Duration interval = FIRST_INTERVAL;
        int settledSent = 0;
        BatchReport report = null; // the latest one read
        long lastChange = nanoTime.getAsLong();
        while (true) {
            ApiOutcome outcome = client.fetch(id);
            Duration pause = interval;
            boolean rateLimited = false;
            if (outcome instanceof ApiOutcome.Found found) {
                BatchReport previous = report;
                report = BatchReport.of(id, found.status(), maxListedSessions);
                if (previous == null || moved(previous, report)) {
                    lastChange = nanoTime.getAsLong();
                }
                int settled = report.settled();
                if (progress != null && settled > settledSent) { // progress must increase with every notification
                    progress.send(settled, report.counts().total(), progressMessage(report));
                    settledSent = settled;
                }
                String ended = endOfWait(report, minReady);
                if (ended != null) {
                    return ToolResults.report(report.withWaitEnded(ended));
                }
            } else if (outcome instanceof ApiOutcome.RateLimited limited && limited.retryAfter() != null) {
                pause = limited.retryAfter().compareTo(interval) > 0 ? limited.retryAfter() : interval;
                rateLimited = true;
            } else {
                return ToolResults.error(((ApiOutcome.Failure) outcome).message(id));
            }
            // The last poll lands at the deadline, so a wait uses all the time it was given; only a
            // Retry-After that outlasts the deadline ends it early (polling sooner would be refused).
            long remaining = deadline - nanoTime.getAsLong();
            if (remaining <= 0 || (rateLimited && pause.toNanos() > remaining)) {
                return report != null ? ToolResults.report(report.withWaitEnded(BatchReport.TIMED_OUT))
                        : ToolResults.error(((ApiOutcome.Failure) outcome).message(id));
            }
            sleeper.sleep(pause.toNanos() > remaining ? Duration.ofNanos(remaining) : pause);
            boolean idle = nanoTime.getAsLong() - lastChange >= IDLE_STRETCH.toNanos();
            Duration longest = idle ? MAX_INTERVAL : MOVING_INTERVAL;
            interval = interval.multipliedBy(3).dividedBy(2);
            interval = interval.compareTo(longest) > 0 ? longest : interval;
        }
    }

    /** Anything an agent could wait for has changed: status, phase, progress or any count. */
    private static boolean moved(BatchReport before, BatchReport now) {
        return !java.util.Objects.equals(before.status(), now.status())
                || !before.progress().equals(now.progress()) || !before.counts().equals(now.counts());
    }

    /** Why the wait is over, or null while it goes on. */
    static String endOfWait(BatchReport report, Integer minReady) {
        if (minReady != null && report.counts().ready() >= minReady) {
            return BatchReport.ENOUGH_READY;
        }
        if ("failed".equals(report.status())) {
            return BatchReport.BATCH_FAILED;
        }
        if ("cancelled".equals(report.status())) {
            return BatchReport.BATCH_CANCELLED;
        }
        return report.finished() ? BatchReport.BATCH_FINISHED : null;
    }

    /** "configuring: 3/5 ready, 1 failed" */
    static String progressMessage(BatchReport r) {
        int failed = r.failedSessions().size() + r.failedSessionsNotListed();
        String phase = r.progress().phase() != null ? r.progress().phase()
                : r.status() != null ? r.status() : "waiting";
        return phase + ": " + r.counts().ready() + (r.counts().total() == null ? "" : "/" + r.counts().total())
                + " ready" + (failed > 0 ? ", " + failed + " failed" : "");
    }
}
