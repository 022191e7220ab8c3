package io.github.anchorbatchmcp.transport.http;

import io.github.anchorbatchmcp.tools.ToolCatalog;
import io.github.anchorbatchmcp.transport.ModernServer;
import io.github.anchorbatchmcp.transport.ServerIdentity;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The SDK's two HTTP servlets over the same catalog: 2026-07-28 ({@code HttpServletMcpTransport}
 * over the server {@link ModernServer} builds for stdio too) and the initialize era, stateless. Both
 * leave Origin and Host to {@link McpEndpoint} (the modern one's default refuses every Origin, the
 * legacy one checks none).
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

    EraServlets(McpJsonMapper json, ServerIdentity identity, ToolCatalog catalog, JsonSchemaValidator validator) {
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
        McpServer.sync(legacyTransport)
                .serverInfo(identity.name(), identity.version())
                .instructions(catalog.instructions())
                .capabilities(ServerCapabilities.builder().tools(false).build())
                .jsonMapper(json)
                .jsonSchemaValidator(validator)
                .immediateExecution(true) // the call runs on the container thread, which CallGuard can interrupt
                .tools(catalog.stateless())
                .build();
        this.legacy = legacyTransport;
    }
}
