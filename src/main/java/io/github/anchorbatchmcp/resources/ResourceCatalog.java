package io.github.anchorbatchmcp.resources;

import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.tools.CallerClient;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.McpSchema.CacheScope;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncResource;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceRepository;
import io.modelcontextprotocol.modern.server.feature.ResourceTemplatesPage;
import io.modelcontextprotocol.modern.server.feature.ResourcesPage;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.Annotations;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.ListResourcesResult;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The resources this server offers, written once and served to both protocol eras: the dashboard
 * ({@link Dashboard}) and the account's batches ({@link BatchResources}), listed, as a template, and
 * read. A request that brings a caller's own key lists and reads with it.
 *
 * <p>The dashboard is for the person, not the model (its audience is the user): an assistant that
 * attaches what the list offers need not read 35 KB of HTML. A batch list depends on the key, so in 2026-07-28 it is cached privately and briefly; the
 * dashboard and the template change only with the server. A missing resource is each era's own
 * error: -32002 in the initialize era, -32602 in 2026-07-28.
 */
public final class ResourceCatalog {

    /** The legacy method whose answer the SDK cannot make: it lists only resources registered at start. */
    public static final String LIST_METHOD = "resources/list";

    static final long LIST_TTL_MS = Duration.ofSeconds(10).toMillis();
    static final long STATIC_TTL_MS = Duration.ofHours(24).toMillis();
    static final String TEMPLATE_NAME = "batch";
    static final String TEMPLATE_DESCRIPTION = "One batch of this account: the report get_batch_session_status"
            + " gives (status, counts, progress, ready sessions, failures by reason), as JSON.";

    private final McpJsonMapper json;
    private final AnchorClient client;
    private final Dashboard dashboard;
    private final BatchResources batches;

    /** @param client the server's own client; a caller's key, where one comes, makes another from it */
    public ResourceCatalog(McpJsonMapper json, AnchorClient client, Dashboard dashboard, int maxListedSessions) {
        this.json = json;
        this.client = client;
        this.dashboard = dashboard;
        this.batches = new BatchResources(maxListedSessions);
    }

    // ---- the initialize era (io.modelcontextprotocol.server), with a session or stateless

    public List<McpServerFeatures.SyncResourceSpecification> legacy() {
        return List.of(new McpServerFeatures.SyncResourceSpecification(legacyDashboard(), (x, r) -> legacyDashboardRead()));
    }

    public List<McpServerFeatures.SyncResourceTemplateSpecification> legacyTemplates() {
        return List.of(new McpServerFeatures.SyncResourceTemplateSpecification(legacyTemplate(),
                (exchange, request) -> legacyBatchRead(request.uri(), exchange == null ? null : exchange.transportContext())));
    }

    public List<McpStatelessServerFeatures.SyncResourceSpecification> stateless() {
        return List.of(new McpStatelessServerFeatures.SyncResourceSpecification(legacyDashboard(),
                (c, r) -> legacyDashboardRead()));
    }

    public List<McpStatelessServerFeatures.SyncResourceTemplateSpecification> statelessTemplates() {
        return List.of(new McpStatelessServerFeatures.SyncResourceTemplateSpecification(legacyTemplate(),
                (context, request) -> legacyBatchRead(request.uri(), context)));
    }

    /**
     * The answer to an initialize-era {@code resources/list}: the dashboard, then the newest batches.
     * A transport calls this instead of the SDK, whose list holds only what was registered at start.
     */
    public JSONRPCResponse legacyList(JSONRPCRequest request, McpTransportContext context) {
        try {
            List<Resource> resources = new ArrayList<>(List.of(legacyDashboard()));
            for (BatchResources.Listed b : batches.newest(CallerClient.of(client, context))) {
                resources.add(Resource.builder().uri(b.uri()).name(b.name()).description(b.description())
                        .mimeType(BatchResources.MIME_TYPE).build());
            }
            return new JSONRPCResponse("2.0", request.id(), new ListResourcesResult(resources, null), null);
        } catch (BatchResources.Failure | IllegalArgumentException failure) {
            return legacyError(request, ErrorCodes.INTERNAL_ERROR, failure.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return legacyError(request, ErrorCodes.INTERNAL_ERROR, "The batch list was cancelled.");
        }
    }

    private static JSONRPCResponse legacyError(JSONRPCRequest request, int code, String message) {
        return new JSONRPCResponse("2.0", request.id(), null,
                new JSONRPCResponse.JSONRPCError(code, message, null));
    }

    private static Resource legacyDashboard() {
        return Resource.builder().uri(Dashboard.URI).name(Dashboard.NAME).title(Dashboard.TITLE)
                .description(Dashboard.DESCRIPTION).mimeType(Dashboard.MIME_TYPE)
                .annotations(new Annotations(List.of(Role.USER), null)).meta(Dashboard.CONTENT_META).build();
    }

    private static ResourceTemplate legacyTemplate() {
        return ResourceTemplate.builder().uriTemplate(BatchResources.TEMPLATE).name(TEMPLATE_NAME)
                .description(TEMPLATE_DESCRIPTION).mimeType(BatchResources.MIME_TYPE).build();
    }

    private ReadResourceResult legacyDashboardRead() {
        return new ReadResourceResult(List.of(new TextResourceContents(Dashboard.URI, Dashboard.MIME_TYPE,
                dashboard.html(), Dashboard.CONTENT_META)));
    }

    private ReadResourceResult legacyBatchRead(String uri, McpTransportContext context) {
        try {
            return new ReadResourceResult(List.of(new TextResourceContents(uri, BatchResources.MIME_TYPE,
                    batchJson(uri, context))));
        } catch (BatchResources.Failure failure) {
            throw McpError.builder(failure.missing ? ErrorCodes.RESOURCE_NOT_FOUND : ErrorCodes.INTERNAL_ERROR)
                    .message(failure.getMessage()).data(Map.of("uri", uri)).build();
        }
    }

    // ---- 2026-07-28 (io.modelcontextprotocol.modern)

    public McpSyncResourceRepository modern() {
        McpSchema.Resource dashboardEntry = McpSchema.Resource.builder(Dashboard.URI, Dashboard.NAME)
                .title(Dashboard.TITLE).description(Dashboard.DESCRIPTION).mimeType(Dashboard.MIME_TYPE)
                .annotations(McpSchema.Annotations.builder().audience(List.of(McpSchema.Role.USER)).build())
                .meta(Dashboard.CONTENT_META).build();
        ResourceTemplatesPage templates = new ResourceTemplatesPage(List.of(McpSchema.ResourceTemplate
                .builder(BatchResources.TEMPLATE, TEMPLATE_NAME).description(TEMPLATE_DESCRIPTION)
                .mimeType(BatchResources.MIME_TYPE).build()), null, STATIC_TTL_MS, CacheScope.PUBLIC);
        McpSchema.ReadResourceResult dashboardRead = McpSchema.ReadResourceResult.builder(List.of(
                McpSchema.TextResourceContents.builder(Dashboard.URI, dashboard.html()).mimeType(Dashboard.MIME_TYPE)
                        .meta(Dashboard.CONTENT_META).build()))
                .ttlMs(STATIC_TTL_MS).cacheScope(CacheScope.PUBLIC).build();
        McpSyncResource dashboardResource = McpSyncResource.of((ctx, request) -> McpSyncResponse.result(dashboardRead));
        McpSyncResource batchResource = McpSyncResource.of((ctx, request) -> McpSyncResponse.result(
                modernBatchRead(request.uri(), ctx)));
        return new McpSyncResourceRepository() {
            @Override
            public ResourcesPage list(McpRequestContext ctx, String cursor) {
                List<McpSchema.Resource> resources = new ArrayList<>(List.of(dashboardEntry));
                try {
                    for (BatchResources.Listed b : batches.newest(CallerClient.of(client, ctx.transportContext()))) {
                        resources.add(McpSchema.Resource.builder(b.uri(), b.name()).description(b.description())
                                .mimeType(BatchResources.MIME_TYPE).build());
                    }
                } catch (BatchResources.Failure | IllegalArgumentException failure) {
                    throw new McpException(McpSchema.ErrorCodes.INTERNAL_ERROR, failure.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new McpException(McpSchema.ErrorCodes.INTERNAL_ERROR, "The batch list was cancelled.");
                }
                return new ResourcesPage(resources, null, LIST_TTL_MS, CacheScope.PRIVATE);
            }

            @Override
            public ResourceTemplatesPage listTemplates(McpRequestContext ctx, String cursor) {
                return templates;
            }

            @Override
            public McpSyncResource find(McpRequestContext ctx, String uri) {
                return Dashboard.URI.equals(uri) ? dashboardResource : BatchResources.names(uri) ? batchResource : null;
            }
        };
    }

    private McpSchema.ReadResourceResult modernBatchRead(String uri, McpRequestContext ctx) {
        try {
            return McpSchema.ReadResourceResult.builder(List.of(McpSchema.TextResourceContents
                    .builder(uri, batchJson(uri, ctx.transportContext())).mimeType(BatchResources.MIME_TYPE).build()))
                    .ttlMs(0).cacheScope(CacheScope.PRIVATE).build();
        } catch (BatchResources.Failure failure) {
            throw new McpException(failure.missing ? McpSchema.ErrorCodes.INVALID_PARAMS
                    : McpSchema.ErrorCodes.INTERNAL_ERROR, failure.getMessage(), Map.of("uri", uri));
        }
    }

    // ---- every era

    /** The batch's report as JSON text; a bad caller key or a cancelled read is a failure too. */
    private String batchJson(String uri, McpTransportContext context) throws BatchResources.Failure {
        try {
            return json.writeValueAsString(batches.read(CallerClient.of(client, context), uri));
        } catch (IllegalArgumentException badKey) {
            throw new BatchResources.Failure(false, badKey.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BatchResources.Failure(false, "Reading " + uri + " was cancelled.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
