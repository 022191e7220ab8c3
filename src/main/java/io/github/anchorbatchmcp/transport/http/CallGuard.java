package io.github.anchorbatchmcp.transport.http;

import io.github.anchorbatchmcp.tools.CallScope;
import io.github.anchorbatchmcp.tools.ToolResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Cancels a tool call when its client goes away. No servlet container notices a closed client while
 * a servlet blocks, so while the tool runs (and only then: armed when it starts, disarmed before the
 * SDK writes the result, after which the client may send its next request on the connection) this
 * registers read interest on the connection: the request was read whole, so the connection turning
 * readable with end-of-stream means the client closed it, and the thread running the tool is
 * interrupted (which cancels its HTTP request to Anchor).
 */
final class CallGuard implements CallScope {

    static final String ATTRIBUTE = CallGuard.class.getName();

    private final AbstractEndPoint endPoint; // null: not a connection this can watch
    private final HttpServletResponse response;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private Thread runner; // guarded by this

    CallGuard(HttpServletRequest request, HttpServletResponse response) {
        this.response = response;
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
            if (cancelled.get()) {
                runner.interrupt(); // the tool answers an interrupted call as cancelled, at once
            }
        }
        arm();
        try {
            return call.get();
        } finally {
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

    private void arm() {
        if (endPoint != null && armed.compareAndSet(false, true)) {
            endPoint.tryFillInterested(probe);
        }
    }

    private void disarm() {
        if (endPoint != null && armed.getAndSet(false)) {
            endPoint.getFillInterest().onFail(new CancellationException("call ended"));
        }
    }

    private final Callback probe = new Callback() {
        @Override
        public void succeeded() {
            if (!armed.get()) {
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
            if (armed.get()) {
                cancel();
            }
        }
    };
}
