package io.github.anchorbatchmcp.transport.http;

import io.github.anchorbatchmcp.resources.ResourceCatalog;
import io.github.anchorbatchmcp.tools.ToolCatalog;
import io.github.anchorbatchmcp.transport.Catalog;
import io.github.anchorbatchmcp.transport.ModernServer;
import io.github.anchorbatchmcp.transport.ServerIdentity;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The SDK's two HTTP servlets over the same catalog: 2026-07-28 ({@code HttpServletMcpTransport}
 * over the server {@link ModernServer} builds for stdio too) and the initialize era, stateless. Both
 * leave Origin and Host to {@link McpEndpoint} (the modern one's default refuses every Origin, the
 * legacy one checks none). The legacy one's {@code resources/list} is answered by the catalog: the
 * SDK lists only what was registered at start.
 */
final class EraServlets {

    static final String CALLER_KEY_HEADER = "anchor-api-key";

    /** What a tool handler sees of the HTTP request, in either era: the caller's key and the call's guard. */
    static final McpTransportContextExtractor<HttpServletRequest> CONTEXT = request -> {
        Map<String, Object> context = new HashMap<>();
        String key = request.getHeader(CALLER_KEY_HEADER);
        if (key != null && !key.isBlank()) {
            context.put(ToolCatalog.CALLER_KEY, key.strip());
        }
        Object guard = request.getAttribute(CallGuard.ATTRIBUTE);
        if (guard != null) {
            context.put(ToolCatalog.CALL_SCOPE, guard);
        }
        Object progress = request.getAttribute(ToolCatalog.PROGRESS_OUT);
        if (progress != null) {
            context.put(ToolCatalog.PROGRESS_OUT, progress);
        }
        return McpTransportContext.create(context);
    };

    final HttpServlet modern;
    final HttpServlet legacy;
    final McpJsonMapper json;

    EraServlets(McpJsonMapper json, ServerIdentity identity, Catalog catalog, JsonSchemaValidator validator) {
        this.json = json;
        this.modern = HttpServletMcpTransport.builder(ModernServer.build(json, identity, catalog, validator))
                .jsonMapper(json)
                .endpoint(McpEndpoint.PATH)
                .contextExtractor(CONTEXT)
                .httpHeaderValidator(ServerHttpHeaderValidator.NOOP)
                .maxRequestSize(McpEndpoint.MAX_BODY)
                .keepAliveInterval(Duration.ofSeconds(15))
                .build();
        HttpServletStatelessServerTransport legacyTransport = HttpServletStatelessServerTransport.builder()
                .jsonMapper(json)
                .messageEndpoint(McpEndpoint.PATH)
                .contextExtractor(CONTEXT)
                .httpHeaderValidator(ServerHttpHeaderValidator.NOOP)
                .maxRequestSize(McpEndpoint.MAX_BODY)
                .build();
        var legacyServer = McpServer.sync(listingResources(legacyTransport, catalog.resources()))
                .serverInfo(identity.name(), identity.version())
                .instructions(catalog.tools().instructions())
                .capabilities(catalog.legacyCapabilities())
                .jsonMapper(json)
                .jsonSchemaValidator(validator)
                .immediateExecution(true) // the call runs on the container thread, which CallGuard can interrupt
                .tools(catalog.tools().stateless());
        if (catalog.prompts() != null) {
            legacyServer.prompts(catalog.prompts().stateless());
        }
        if (catalog.resources() != null) {
            legacyServer.resources(catalog.resources().stateless())
                    .resourceTemplates(catalog.resources().statelessTemplates());
        }
        legacyServer.build();
        this.legacy = legacyTransport;
    }

    /** The transport, with the server's handler in front of which {@code resources/list} goes to the catalog. */
    private static McpStatelessServerTransport listingResources(HttpServletStatelessServerTransport transport,
            ResourceCatalog resources) {
        return new McpStatelessServerTransport() {
            @Override
            public void setMcpHandler(McpStatelessServerHandler server) {
                transport.setMcpHandler(resources == null ? server : new McpStatelessServerHandler() {
                    @Override
                    public Mono<JSONRPCResponse> handleRequest(McpTransportContext context, JSONRPCRequest request) {
                        return ResourceCatalog.LIST_METHOD.equals(request.method())
                                ? Mono.fromCallable(() -> resources.legacyList(request, context))
                                : server.handleRequest(context, request);
                    }

                    @Override
                    public Mono<Void> handleNotification(McpTransportContext context, JSONRPCNotification n) {
                        return server.handleNotification(context, n);
                    }
                });
            }

            @Override
            public List<String> protocolVersions() {
                return transport.protocolVersions();
            }

            @Override
            public void close() {
                transport.close();
            }

            @Override
            public Mono<Void> closeGracefully() {
                return transport.closeGracefully();
            }
        };
    }
}
