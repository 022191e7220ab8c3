package io.github.anchorbatchmcp.transport.http;

import io.github.anchorbatchmcp.tools.CallScope;
import io.github.anchorbatchmcp.tools.ToolResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Cancels a tool call when its client goes away. No servlet container notices a closed client while
 * a servlet blocks, so while a tool runs long enough to be worth cancelling, this registers read
 * interest on the connection: the request was read whole, so the connection turning readable with
 * end-of-stream means the client closed it, and the thread running the tool is interrupted (which
 * cancels its HTTP request to Anchor).
 *
 * <p>Read interest is armed only for a call still running after {@link Watch#ARM_AFTER} (by the one
 * {@link Watch} thread, which looks every so often), and disarmed before the SDK writes the result,
 * after which the client may send its next request on the connection. Arming every call would cost
 * each short one, such as a status read, two changes of the connection's interest in the selector
 * (a wake-up of its thread each) and an exception: measured, about a fifth of the CPU of a call.
 */
final class CallGuard implements CallScope {

    static final String ATTRIBUTE = CallGuard.class.getName();

    private enum State { WAITING, ARMED, DONE }

    private final AbstractEndPoint endPoint; // null: not a connection this can watch
    private final HttpServletResponse response;
    private final Watch watch;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile State state = State.WAITING; // changed under this
    private long started; // System.nanoTime() when the tool started, guarded by this
    private Thread runner; // guarded by this

    CallGuard(HttpServletRequest request, HttpServletResponse response, Watch watch) {
        this.response = response;
        this.watch = watch;
        EndPoint ep = null;
        try {
            ep = ServletContextRequest.getServletContextRequest(request).getConnectionMetaData().getConnection()
                    .getEndPoint();
        } catch (RuntimeException e) {
            // not Jetty's own request: run unwatched
        }
        this.endPoint = ep instanceof AbstractEndPoint a ? a : null;
    }

    boolean cancelled() {
        return cancelled.get();
    }

    @Override
    public ToolResult run(Supplier<ToolResult> call) {
        synchronized (this) {
            runner = Thread.currentThread();
            started = System.nanoTime();
            if (cancelled.get()) {
                runner.interrupt(); // the tool answers an interrupted call as cancelled, at once
            }
        }
        if (endPoint != null) {
            watch.add(this);
        }
        try {
            return call.get();
        } finally {
            watch.remove(this);
            disarm();
            synchronized (this) {
                runner = null;
            }
            if (cancelled.get()) {
                Thread.interrupted(); // never hand a container or Reactor thread back with our interrupt
            }
        }
    }

    private void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            synchronized (this) {
                if (runner != null) {
                    runner.interrupt();
                }
            }
        }
    }

    /** Arms the probe once the call has run {@code after} nanoseconds; false while it is younger. */
    private synchronized boolean armIfRunningFor(long now, long after) {
        if (state != State.WAITING) {
            return true;
        }
        if (now - started < after) {
            return false;
        }
        state = State.ARMED;
        endPoint.tryFillInterested(probe);
        return true;
    }

    private synchronized void disarm() {
        State was = state;
        state = State.DONE;
        if (was == State.ARMED) {
            endPoint.getFillInterest().onFail(new CancellationException("call ended"));
        }
    }

    private final Callback probe = new Callback() {
        @Override
        public void succeeded() {
            if (state != State.ARMED) {
                return;
            }
            try {
                int n = endPoint.fill(BufferUtil.allocate(1));
                if (n < 0) {
                    cancel();
                } else if (n == 0) {
                    endPoint.tryFillInterested(this);
                } else if (!response.isCommitted()) {
                    response.setHeader("Connection", "close"); // a pipelined request lost its first byte: end here
                }
            } catch (IOException e) {
                cancel();
            }
        }

        @Override
        public void failed(Throwable x) {
            if (state == State.ARMED) {
                cancel();
            }
        }
    };

    /**
     * The one thread that arms the guards of calls running longer than {@link #ARM_AFTER}: it looks
     * every {@link #LOOK_EVERY} while a call runs, and sleeps while none does. A call adds and removes
     * itself without waking it, except the first after a quiet spell.
     */
    static final class Watch {

        static final Duration ARM_AFTER = Duration.ofMillis(100);
        static final Duration LOOK_EVERY = Duration.ofMillis(50);

        private final Set<CallGuard> running = ConcurrentHashMap.newKeySet();
        private final Thread thread = new Thread(this::look, "call-watch");
        private volatile boolean sleeping;

        Watch() {
            thread.setDaemon(true);
            thread.start();
        }

        void add(CallGuard guard) {
            running.add(guard);
            if (sleeping) {
                LockSupport.unpark(thread);
            }
        }

        void remove(CallGuard guard) {
            running.remove(guard);
        }

        private void look() {
            while (true) {
                if (running.isEmpty()) {
                    sleeping = true;
                    if (running.isEmpty()) { // a call added after the first look wakes this one
                        LockSupport.park(this);
                    }
                    sleeping = false;
                    continue;
                }
                LockSupport.parkNanos(this, LOOK_EVERY.toNanos());
                long now = System.nanoTime();
                for (CallGuard g : running) {
                    if (g.armIfRunningFor(now, ARM_AFTER.toNanos())) {
                        running.remove(g);
                    }
                }
            }
        }
    }
}
