package io.github.anchorbatchmcp.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one piece of work per session, many sessions at once (at most {@link #PARALLEL}), and gathers
 * what each gave, in order. One session's work runs its steps in order on one thread. When the
 * calling thread is interrupted (the client cancelled the call), every piece still running is
 * interrupted too, which cancels its HTTP request, and nothing is gathered.
 */
final class SessionFanOut {

    /** Sessions driven at once in one call: a browse of ten costs about one session's time. */
    static final int PARALLEL = 10;

    private static final AtomicInteger THREADS = new AtomicInteger();

    private SessionFanOut() {
    }

    /** The work for one item; it may be interrupted. */
    @FunctionalInterface
    interface Work<I, R> {
        R run(I item) throws InterruptedException;
    }

    /**
     * @throws InterruptedException when the calling thread is interrupted; the work still running is
     *     interrupted and abandoned
     * @throws RuntimeException what one piece of work threw, unexpectedly
     */
    static <I, R> List<R> run(List<I> items, Work<I, R> work) throws InterruptedException {
        return run(items, PARALLEL, work);
    }

    /** The same, with at most {@code parallel} at once. */
    static <I, R> List<R> run(List<I> items, int parallel, Work<I, R> work) throws InterruptedException {
        return run(items, parallel, null, work, null);
    }

    /**
     * The same, within a time limit: the work of an item still running at {@code limit} is interrupted,
     * and {@code late} gives its result instead.
     *
     * @param limit null for none
     */
    static <I, R> List<R> run(List<I> items, int parallel, Duration limit, Work<I, R> work,
            Function<I, R> late) throws InterruptedException {
        if (items.isEmpty()) {
            return List.of();
        }
        if (items.size() == 1 && limit == null) {
            return java.util.Collections.singletonList(work.run(items.get(0)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, items.size()), r -> {
            Thread t = new Thread(r, "drive-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (I item : items) {
                futures.add(pool.submit(() -> work.run(item)));
            }
            long deadline = limit == null ? 0 : System.nanoTime() + limit.toNanos();
            List<R> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                Future<R> f = futures.get(i);
                if (limit == null) {
                    results.add(f.get());
                    continue;
                }
                try {
                    results.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    f.cancel(true);
                    results.add(late.apply(items.get(i)));
                }
            }
            return results;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException) {
                throw new IllegalStateException("a session's work was interrupted, but not the call", cause);
            }
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        } finally {
            pool.shutdownNow(); // interrupts whatever still runs: after an interrupt, or a failure
        }
    }
}
