package io.github.anchorbatchmcp.transport;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.server.McpHeaders;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpTransportResponse;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * MCP 2026-07-28: the SDK's modern server, stateless: each request is served on its own, many at
 * once. Its answers (progress notifications, then the response) come back as a stream for the
 * transport to write.
 */
final class ModernEra {

    /** Stdio carries no HTTP headers to check tool parameters against. */
    private static final McpTransportContext STDIO = McpTransportContext.create(
            Map.of(McpHeaders.TRANSPORT_CONTEXT_KEY, McpHeaders.NOT_MIRRORED));

    private final McpServer server;

    ModernEra(McpJsonMapper json, ServerIdentity identity, Catalog catalog, JsonSchemaValidator validator) {
        this.server = ModernServer.build(json, identity, catalog, validator);
    }

    /** Everything to send for one request, in order; the response is last. */
    Flux<JsonRpc.JSONRPCMessage> handle(JsonRpc.JSONRPCRequest request) {
        return Mono.defer(() -> server.handle(STDIO, request)).flatMapMany(ModernEra::messages);
    }

    Mono<Void> handleNotification(JsonRpc.JSONRPCNotification notification) {
        return server.handleNotification(STDIO, notification);
    }

    private static Flux<JsonRpc.JSONRPCMessage> messages(McpTransportResponse response) {
        if (response instanceof McpTransportResponse.Streaming streaming) {
            return streaming.messages();
        }
        if (response instanceof McpTransportResponse.Result result) {
            return Flux.just(result.response());
        }
        return Flux.just(((McpTransportResponse.Error) response).response());
    }
}
