package io.github.anchorbatchmcp.transport;

import io.github.anchorbatchmcp.resources.ResourceCatalog;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The initialize era: the SDK's legacy server, with its one session for this connection, fed the
 * lines {@link EraRouter} gives it and writing through the shared {@link LineWriter}. A
 * {@code resources/list} is answered by the catalog itself: the SDK lists only what was registered
 * at start, and the account's batches change.
 */
final class LegacyEra implements McpServerTransportProvider {

    private static final Logger log = LoggerFactory.getLogger(LegacyEra.class);

    private final McpJsonMapper json;
    private final LineWriter writer;
    private final ResourceCatalog resources;
    private volatile McpServerSession session;

    LegacyEra(McpJsonMapper json, LineWriter writer, ServerIdentity identity, Catalog catalog,
            JsonSchemaValidator validator) {
        this.json = json;
        this.writer = writer;
        this.resources = catalog.resources();
        var server = McpServer.sync(this)
                .serverInfo(identity.name(), identity.version())
                .instructions(catalog.tools().instructions())
                .capabilities(catalog.legacyCapabilities())
                .jsonSchemaValidator(validator)
                .tools(catalog.tools().legacy());
        if (catalog.prompts() != null) {
            server.prompts(catalog.prompts().legacy());
        }
        if (resources != null) {
            server.resources(resources.legacy()).resourceTemplates(resources.legacyTemplates());
        }
        server.build();
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory factory) {
        session = factory.create(new SessionTransport());
    }

    Mono<Void> handle(JSONRPCMessage message) {
        if (resources != null && message instanceof JSONRPCRequest request
                && ResourceCatalog.LIST_METHOD.equals(request.method())) {
            return Mono.fromRunnable(() -> {
                JSONRPCMessage answer = resources.legacyList(request, null);
                if (!Thread.currentThread().isInterrupted()) { // cancelled: nothing more is sent for it
                    write(answer);
                }
            }).subscribeOn(Schedulers.boundedElastic()).then();
        }
        return session.handle(message);
    }

    private void write(JSONRPCMessage message) {
        try {
            writer.write(json.writeValueAsString(message));
        } catch (IOException e) {
            log.error("could not serialize a message: {}", e.toString());
        }
    }

    @Override
    public void close() {
        session.close();
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return session.sendNotification(method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return session.closeGracefully();
    }

    private final class SessionTransport implements McpServerTransport {

        @Override
        public Mono<Void> sendMessage(JSONRPCMessage message) {
            return Mono.fromRunnable(() -> write(message));
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
