package io.github.anchorbatchmcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/**
 * The stdio transport, in place of the SDK's: one bad line is answered with a JSON-RPC error instead
 * of ending the session; responses are written one whole line at a time, whatever the concurrency;
 * {@code notifications/cancelled} disposes the request it names, which interrupts its handler (and
 * so its HTTP call) and sends no result; end of input lets calls in flight finish for a moment, then
 * ends the session.
 */
public final class StdioTransport implements McpServerTransportProvider {

    static final int MAX_LINE_BYTES = 4 * 1024 * 1024;
    static final Duration DRAIN_AT_END = Duration.ofMillis(700);
    static final String CANCELLED = "notifications/cancelled";

    private static final Logger log = LoggerFactory.getLogger(StdioTransport.class);

    private final McpJsonMapper json;
    private final InputStream in;
    private final OutputStream out;
    private final JsonRpcGate gate;
    private final Map<Object, Disposable.Swap> inFlight = new ConcurrentHashMap<>();
    private volatile McpServerSession session;
    private volatile boolean outputBroken;

    public StdioTransport(McpJsonMapper json, InputStream in, OutputStream out) {
        this.json = json;
        this.in = in;
        this.out = out;
        this.gate = new JsonRpcGate(json);
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory factory) {
        session = factory.create(new SessionTransport());
    }

    /** Reads stdin until it ends, then closes the session. Blocks the calling thread. */
    public void serve() {
        LineReader reader = new LineReader(in, MAX_LINE_BYTES);
        try {
            for (LineReader.Line line; (line = reader.next()) != null; ) {
                JsonRpcGate.Verdict verdict = gate.check(line);
                if (verdict.error() != null) {
                    log.warn("refused a stdin line: {}", verdict.error().path("error").path("message").asString());
                    write(verdict.error().toString());
                } else if (verdict.message() != null) {
                    dispatch(verdict.message());
                }
            }
        } catch (IOException e) {
            log.warn("stdin failed: {}", e.toString());
        }
        finish();
    }

    private void dispatch(JSONRPCMessage message) {
        if (message instanceof JSONRPCNotification n && CANCELLED.equals(n.method())) {
            cancel(n.params());
            return; // the SDK does not handle it; nothing else needs it
        }
        if (message instanceof JSONRPCRequest request) {
            Object key = idKey(request.id());
            Disposable.Swap slot = Disposables.swap();
            inFlight.put(key, slot);
            slot.update(session.handle(request)
                    .doFinally(signal -> inFlight.remove(key, slot))
                    .subscribe(null, e -> log.warn("request {} failed: {}", request.id(), e.toString())));
            return;
        }
        session.handle(message).subscribe(null, e -> log.warn("message failed: {}", e.toString()));
    }

    private void cancel(Object params) {
        Object requestId = params instanceof Map<?, ?> map ? map.get("requestId") : null;
        Disposable.Swap slot = requestId == null ? null : inFlight.remove(idKey(requestId));
        if (slot != null) {
            log.info("request {} cancelled by the client", requestId);
            slot.dispose();
        }
    }

    /** Ids 7 and 7L are one request; "7" is another. */
    private static Object idKey(Object id) {
        return id instanceof Number n ? (Object) n.longValue() : String.valueOf(id);
    }

    private void finish() {
        long deadline = System.nanoTime() + DRAIN_AT_END.toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        inFlight.values().forEach(Disposable::dispose);
        if (session != null) {
            session.close();
        }
    }

    /** One JSON-RPC message, one line, written whole before any other. */
    private void write(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            if (outputBroken) {
                return;
            }
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                outputBroken = true; // the client is gone; stdin will end too
                log.warn("stdout failed: {}", e.toString());
            }
        }
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        McpServerSession s = session;
        return s == null ? Mono.empty() : s.sendNotification(method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        McpServerSession s = session;
        return s == null ? Mono.empty() : s.closeGracefully();
    }

    private final class SessionTransport implements McpServerTransport {

        @Override
        public Mono<Void> sendMessage(JSONRPCMessage message) {
            return Mono.fromRunnable(() -> {
                try {
                    write(json.writeValueAsString(message));
                } catch (IOException e) {
                    log.error("could not serialize a message: {}", e.toString());
                }
            });
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
            return json.convertValue(data, type);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }
    }
}
