package io.github.anchorbatchmcp.transport;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.McpSchema.CacheScope;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.RequestStateCodec;
import io.modelcontextprotocol.modern.server.feature.PromptsFeature;
import io.modelcontextprotocol.modern.server.feature.ResourcesFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import java.time.Duration;
import java.util.List;

/** The SDK's 2026-07-28 server over this catalog, configured once for both transports (stdio and HTTP). */
public final class ModernServer {

    static final List<String> VERSIONS = List.of("2026-07-28");
    /** The tools and this server's description change only with a new version of the server. */
    static final long CACHE_TTL_MS = Duration.ofHours(24).toMillis();

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

    private ModernServer() {
    }

    /** Each list and read says its own cache hints; the defaults here are for one that says none. */
    public static McpServer build(McpJsonMapper json, ServerIdentity identity, Catalog catalog,
            JsonSchemaValidator validator) {
        var server = McpServer.builder()
                .serverInfo(McpSchema.Implementation.builder(identity.name(), identity.version()).build())
                .instructions(catalog.tools().instructions())
                .supportedVersions(VERSIONS)
                .jsonMapper(json)
                .discoverCache(CACHE_TTL_MS, CacheScope.PUBLIC)
                .requestStateCodec(NO_REQUEST_STATE)
                .feature(ToolsFeature.ofSync(catalog.tools().modern(), json, validator, CACHE_TTL_MS,
                        CacheScope.PUBLIC));
        if (catalog.prompts() != null) {
            server.feature(PromptsFeature.ofSync(catalog.prompts().modern(), json, CACHE_TTL_MS, CacheScope.PUBLIC));
        }
        if (catalog.resources() != null) {
            server.feature(ResourcesFeature.ofSync(catalog.resources().modern(), json, 0, CacheScope.PRIVATE));
        }
        return server.build();
    }
}
