package io.github.anchorbatchmcp.transport;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stdio front door, for both protocol eras on one connection. Each stdin line passes the
 * {@link JsonRpcGate} (a bad line is answered with a JSON-RPC error instead of ending the session),
 * then {@link EraRouter} hands it to the 2026-07-28 server or to the initialize-era session. Answers
 * are written one whole line at a time, whatever the concurrency. {@code notifications/cancelled}
 * disposes the request it names in either era, which interrupts its handler (and so its HTTP call)
 * and sends nothing more for it. End of input lets calls in flight finish for a moment, then ends
 * the session. Each era's server is built when its first message arrives.
 */
public final class StdioTransport {

    static final int MAX_LINE_BYTES = 4 * 1024 * 1024;
    static final Duration DRAIN_AT_END = Duration.ofMillis(700);
    static final String CANCELLED = "notifications/cancelled";

    private static final Logger log = LoggerFactory.getLogger(StdioTransport.class);

    private final McpJsonMapper json;
    private final InputStream in;
    private final LineWriter writer;
    private final ServerIdentity identity;
    private final Catalog catalog;
    private final JsonSchemaValidator validator;
    private final Runnable onConnection;
    private final EraRouter router = new EraRouter();
    private final Map<Object, Disposable.Swap> inFlight = new ConcurrentHashMap<>();
    // Built on the reading thread, the only one that routes.
    private LegacyEra legacy;
    private ModernEra modern;
    private boolean connected;

    /**
     * @param onConnection run once the connection has an era (its first request other than
     *     {@code server/discover}): what only a real session needs starts then, not in a probe
     */
    public StdioTransport(McpJsonMapper json, InputStream in, OutputStream out, ServerIdentity identity,
            Catalog catalog, JsonSchemaValidator validator, Runnable onConnection) {
        this.json = json;
        this.in = in;
        this.writer = new LineWriter(out);
        this.identity = identity;
        this.catalog = catalog;
        this.validator = validator;
        this.onConnection = onConnection;
    }

    /** Reads stdin until it ends, then closes the session. Blocks the calling thread. */
    public void serve() {
        LineReader reader = new LineReader(in, MAX_LINE_BYTES);
        try {
            for (LineReader.Line line; (line = reader.next()) != null; ) {
                JsonRpcGate.Verdict verdict = JsonRpcGate.check(line);
                if (verdict.error() != null) {
                    refuse(verdict.error());
                } else if (verdict.message() != null) {
                    route(verdict.message(), verdict.text());
                }
            }
        } catch (IOException e) {
            log.warn("stdin failed: {}", e.toString());
        }
        finish();
    }

    private void route(ObjectNode message, String text) {
        if (log.isDebugEnabled()) {
            log.debug("received {}", MessageLog.describe(message));
        }
        String method = message.path("method").asString(null);
        JsonNode id = message.get("id");
        boolean request = method != null && id != null;
        if (method != null && id == null && CANCELLED.equals(method)) {
            cancel(message.path("params").get("requestId"));
            return; // neither SDK needs it
        }
        Envelope envelope = Envelope.of(message.get("params"), ModernServer.VERSIONS);
        EraRouter.Route route = router.route(method, request, envelope);
        if (!connected && router.pinned()) {
            connected = true;
            onConnection.run();
        }
        switch (route) {
            case LEGACY -> toLegacy(id, text);
            case MODERN -> {
                if (modern == null && request && envelope == Envelope.VALID && EraRouter.DISCOVER.equals(method)) {
                    writer.write(new DiscoverAnswer(identity, catalog).forRequest(id)); // a probe needs nothing more
                } else {
                    toModern(id, text);
                }
            }
            case REFUSE -> refuse(JsonRpcGate.error(id, JsonRpcGate.INVALID_REQUEST, "Invalid Request: this"
                    + " connection began with initialize and speaks that protocol to its end; a 2026-07-28 request"
                    + " needs a connection of its own"));
            case DROP -> log.warn("dropped a response to a request this server never sent");
        }
    }

    private void toLegacy(JsonNode id, String text) {
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(json, text);
        } catch (IOException | RuntimeException e) {
            refuse(notTheShape(id));
            return;
        }
        if (legacy == null) {
            legacy = new LegacyEra(json, writer, identity, catalog, validator);
        }
        if (message instanceof McpSchema.JSONRPCRequest request) {
            run(request.id(), legacy.handle(request).flux(), ignored -> {
            }); // the session writes its own answer
        } else {
            legacy.handle(message).subscribe(null, e -> log.warn("message failed: {}", e.toString()));
        }
    }

    private void toModern(JsonNode id, String text) {
        JsonRpc.JSONRPCMessage message;
        try {
            message = JsonRpc.deserializeMessage(json, text);
        } catch (IOException | RuntimeException e) {
            refuse(notTheShape(id));
            return;
        }
        if (modern == null) {
            modern = new ModernEra(json, identity, catalog, validator);
        }
        if (message instanceof JsonRpc.JSONRPCRequest request) {
            run(request.id(), modern.handle(request), this::send);
        } else if (message instanceof JsonRpc.JSONRPCNotification notification) {
            modern.handleNotification(notification).subscribe(null, e -> log.warn("notification failed: {}",
                    e.toString()));
        }
    }

    /** Runs one request, cancellable until it ends; once cancelled, nothing more it gives is sent. */
    private <T> void run(Object requestId, Flux<T> work, Consumer<T> send) {
        Object key = idKey(requestId);
        Disposable.Swap slot = Disposables.swap();
        inFlight.put(key, slot);
        slot.update(work
                .doFinally(signal -> inFlight.remove(key, slot))
                .subscribe(m -> {
                    if (!slot.isDisposed()) {
                        send.accept(m);
                    }
                }, e -> log.warn("request {} failed: {}", requestId, e.toString())));
    }

    private void cancel(JsonNode requestId) {
        if (requestId == null || !(requestId.isString() || requestId.isIntegralNumber())) {
            return;
        }
        Object id = requestId.isString() ? requestId.asString() : (Object) requestId.asLong();
        Disposable.Swap slot = inFlight.remove(idKey(id));
        if (slot != null) {
            log.info("request {} cancelled by the client", id);
            slot.dispose();
        }
    }

    /** Ids 7 and 7L are one request; "7" is another. */
    private static Object idKey(Object id) {
        return id instanceof Number n ? (Object) n.longValue() : String.valueOf(id);
    }

    private static ObjectNode notTheShape(JsonNode id) {
        return JsonRpcGate.error(id, JsonRpcGate.INVALID_REQUEST,
                "Invalid Request: the message does not have the JSON-RPC shape");
    }

    private void refuse(ObjectNode error) {
        log.warn("refused a stdin line: {}", error.path("error").path("message").asString());
        writer.write(error.toString());
    }

    private void send(JsonRpc.JSONRPCMessage message) {
        try {
            writer.write(json.writeValueAsString(message));
        } catch (IOException e) {
            log.error("could not serialize a message: {}", e.toString());
        }
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
        if (legacy != null) {
            legacy.close();
        }
    }
}
