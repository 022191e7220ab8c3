package io.github.anchorbatchmcp.transport;

import io.github.anchorbatchmcp.tools.ToolCatalog;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.McpSchema.CacheScope;
import io.modelcontextprotocol.modern.server.McpHeaders;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpTransportResponse;
import io.modelcontextprotocol.modern.server.RequestStateCodec;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * MCP 2026-07-28: the SDK's modern server, stateless: each request is served on its own, many at
 * once. Its answers (progress notifications, then the response) come back as a stream for the
 * transport to write.
 */
final class ModernEra {

    static final List<String> VERSIONS = List.of("2026-07-28");
    /** The tools and this server's description change only with a new version of the server. */
    static final long CACHE_TTL_MS = Duration.ofHours(24).toMillis();

    /** Stdio carries no HTTP headers to check tool parameters against. */
    private static final McpTransportContext STDIO = McpTransportContext.create(
            Map.of(McpHeaders.TRANSPORT_CONTEXT_KEY, McpHeaders.NOT_MIRRORED));

    /**
     * No tool here asks the client for input mid-call, so no request state is ever sealed, and any
     * state a client sends back is refused (-32602). The SDK's default codec would make a random
     * HMAC key at every start, and say so on stderr, for nothing.
     */
    private static final RequestStateCodec NO_REQUEST_STATE = new RequestStateCodec() {
        @Override
        public String seal(McpRequestContext ctx, String state) {
            throw new IllegalStateException("no tool of this server returns input_required");
        }

        @Override
        public String open(McpRequestContext ctx, String sealed) {
            return null;
        }
    };

    private final McpServer server;

    ModernEra(McpJsonMapper json, ServerIdentity identity, ToolCatalog catalog, JsonSchemaValidator validator) {
        this.server = McpServer.builder()
                .serverInfo(McpSchema.Implementation.builder(identity.name(), identity.version()).build())
                .instructions(catalog.instructions())
                .supportedVersions(VERSIONS)
                .jsonMapper(json)
                .discoverCache(CACHE_TTL_MS, CacheScope.PUBLIC)
                .requestStateCodec(NO_REQUEST_STATE)
                .feature(ToolsFeature.ofSync(catalog.modern(), json, validator, CACHE_TTL_MS, CacheScope.PUBLIC))
                .build();
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
