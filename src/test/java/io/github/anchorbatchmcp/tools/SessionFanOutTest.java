package io.github.anchorbatchmcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One piece of work per session, many at once, gathered in order; a cancelled caller cancels them all. */
class SessionFanOutTest {

    @Test
    void resultsComeInTheOrderOfTheItemsWhateverOrderTheyFinishIn() throws Exception {
        List<Integer> items = IntStream.range(0, 6).boxed().toList();
        // Item i waits until item i+1 is done: they finish last to first.
        List<CountDownLatch> done = items.stream().map(i -> new CountDownLatch(1)).toList();
        List<Integer> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> results = SessionFanOut.run(items, 6, i -> {
            if (i + 1 < items.size()) {
                assertTrue(done.get(i + 1).await(10, TimeUnit.SECONDS));
            }
            finished.add(i);
            done.get(i).countDown();
            return "r" + i;
        });
        assertEquals(List.of(5, 4, 3, 2, 1, 0), finished);
        assertEquals(List.of("r0", "r1", "r2", "r3", "r4", "r5"), results);
    }

    @Test
    void atMostParallelRunAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        SessionFanOut.run(IntStream.range(0, 12).boxed().toList(), 3, i -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            three.countDown();
            three.await(10, TimeUnit.SECONDS); // the first three meet, so three did run at once
            running.decrementAndGet();
            return i;
        });
        assertEquals(3, most.get());
    }

    @Test
    void oneItemRunsOnTheCallersThreadAndNoneRunsNothing() throws Exception {
        Thread caller = Thread.currentThread();
        assertEquals(List.of(true), SessionFanOut.run(List.of(1), i -> Thread.currentThread() == caller));
        assertEquals(List.of(), SessionFanOut.<Integer, Integer>run(List.of(), i -> {
            throw new AssertionError("no work");
        }));
    }

    @Test
    void anInterruptOfTheCallerInterruptsEveryWorker() throws Exception {
        CountDownLatch started = new CountDownLatch(4);
        CountDownLatch interrupted = new CountDownLatch(4);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                SessionFanOut.run(List.of(1, 2, 3, 4), 4, i -> {
                    started.countDown();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                    }
                    return i;
                });
            } catch (Throwable t) {
                thrown.set(t);
                interruptKept.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        assertTrue(started.await(10, TimeUnit.SECONDS), "all four are at work");
        caller.interrupt();
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "each worker was interrupted");
        caller.join(10_000);
        assertFalse(caller.isAlive());
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
    }

    @Test
    void anUnexpectedFailureOfOnePieceIsThrownAndTheOthersAreStopped() {
        IllegalStateException boom = new IllegalStateException("boom");
        CountDownLatch stopped = new CountDownLatch(1);
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> SessionFanOut.run(List.of(0, 1), 2, i -> {
                    if (i == 0) {
                        throw boom;
                    }
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        stopped.countDown();
                    }
                    return i;
                }));
        assertSame(boom, thrown);
        assertTrue(awaitQuietly(stopped), "the other piece was interrupted");
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
