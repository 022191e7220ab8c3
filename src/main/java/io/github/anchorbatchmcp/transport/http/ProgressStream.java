package io.github.anchorbatchmcp.transport.http;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Progress for an initialize-era {@code tools/call} over stateless HTTP, which the SDK's stateless
 * servlet answers with one JSON response and no way to send anything before it. The era allows a
 * POST's answer to be a request-scoped event stream, so: the first progress notification turns this
 * response into {@code text/event-stream} and is sent as an event; the SDK's JSON response, written
 * afterwards, is held and sent as the last event by {@link #finish}. A call that sends no progress is
 * answered exactly as the servlet writes it.
 */
final class ProgressStream extends HttpServletResponseWrapper implements Consumer<McpSchema.JSONRPCNotification> {

    private final McpJsonMapper json;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private boolean streaming; // guarded by this
    private PrintWriter heldWriter;
    private ServletOutputStream heldStream;

    ProgressStream(HttpServletResponse response, McpJsonMapper json) {
        super(response);
        this.json = json;
    }

    /** Sends one notification as an event: the first one starts the stream. */
    @Override
    public synchronized void accept(McpSchema.JSONRPCNotification notification) {
        try {
            HttpServletResponse r = (HttpServletResponse) getResponse();
            if (!streaming) {
                if (r.isCommitted()) {
                    return; // the answer has gone already: progress after it is never sent
                }
                r.setStatus(200);
                r.setContentType("text/event-stream");
                r.setCharacterEncoding("UTF-8");
                r.setHeader("Cache-Control", "no-cache");
                streaming = true;
            }
            event(r, json.writeValueAsString(notification));
        } catch (IOException e) {
            // the client went away; CallGuard cancels the call
        }
    }

    /** Once the servlet is done: a held response goes out as the stream's last event. */
    synchronized void finish() throws IOException {
        if (!streaming) {
            return;
        }
        if (heldWriter != null) {
            heldWriter.flush();
        }
        String body = held.toString(StandardCharsets.UTF_8).strip();
        if (!body.isEmpty()) {
            event((HttpServletResponse) getResponse(), body);
        }
    }

    private static void event(HttpServletResponse r, String data) throws IOException {
        ServletOutputStream out = r.getOutputStream();
        out.write(("event: message\ndata: " + data.replace("\n", "\ndata: ") + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    // ---- once streaming, what the servlet writes is held, and its headers are left as they are

    @Override
    public synchronized PrintWriter getWriter() throws IOException {
        if (!streaming) {
            return super.getWriter();
        }
        if (heldWriter == null) {
            heldWriter = new PrintWriter(new OutputStreamWriter(held, StandardCharsets.UTF_8));
        }
        return heldWriter;
    }

    @Override
    public synchronized ServletOutputStream getOutputStream() throws IOException {
        if (!streaming) {
            return super.getOutputStream();
        }
        if (heldStream == null) {
            heldStream = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    held.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException("blocking only");
                }
            };
        }
        return heldStream;
    }

    @Override
    public synchronized void setContentType(String type) {
        if (!streaming) {
            super.setContentType(type);
        }
    }

    @Override
    public synchronized void setCharacterEncoding(String charset) {
        if (!streaming) {
            super.setCharacterEncoding(charset);
        }
    }

    @Override
    public synchronized void setStatus(int sc) {
        if (!streaming) {
            super.setStatus(sc);
        }
    }

    @Override
    public synchronized void setContentLength(int len) {
        if (!streaming) {
            super.setContentLength(len);
        }
    }

    @Override
    public synchronized void setContentLengthLong(long len) {
        if (!streaming) {
            super.setContentLengthLong(len);
        }
    }

    @Override
    public synchronized void flushBuffer() throws IOException {
        if (!streaming) {
            super.flushBuffer();
        }
    }
}
