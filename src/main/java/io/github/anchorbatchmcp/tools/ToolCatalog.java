package io.github.anchorbatchmcp.tools;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools this server offers, each written once (an {@link AnchorTool} and its checked-in
 * descriptor), served to both protocol eras: as the legacy SDK's tool specifications (initialize
 * era) and as the 2026-07-28 SDK's tool repository. The same descriptor, the same handler and the
 * same result in both; only the SDK types differ.
 */
public final class ToolCatalog {

    /** What a model reads first about this server, in both eras. */
    static final String INSTRUCTIONS = "Gives you cloud browsers from Anchor Browser's batch sessions and tells you"
            + " which are ready to drive. Call create_batch_sessions to start a batch (or list_batch_sessions to find"
            + " one), then wait_for_batch_sessions until enough browsers are ready; each ready browser has a cdp_url"
            + " for a browser driver. Browsers are billed until they end (idle_timeout after their last connection"
            + " closes, or max_duration); cancel_batch_sessions stops a batch that is still starting.";
    /** The same, for a server that only reads. */
    static final String READ_ONLY_INSTRUCTIONS = "Tells you how far Anchor Browser batches of cloud browsers have got"
            + " and which browsers are ready to drive. Call list_batch_sessions to find a batch, then"
            + " wait_for_batch_sessions until enough browsers are ready; each ready browser has a cdp_url for a"
            + " browser driver. This server only reads: it cannot create or cancel batches.";

    private record Entry(AnchorTool tool, ToolDescriptor descriptor) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public ToolCatalog(McpJsonMapper json, List<AnchorTool> tools) {
        for (AnchorTool tool : tools) {
            entries.put(tool.name(), new Entry(tool, ToolDescriptors.served(json, tool.name())));
        }
    }

    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** What a model reads first: how to use the tools this catalog holds. */
    public String instructions() {
        return entries.containsKey(CreateBatchTool.NAME) ? INSTRUCTIONS : READ_ONLY_INSTRUCTIONS;
    }

    /**
     * Prepares what a first call needs and start-up did not build (the schema validator, the HTTP
     * stack, the report path); a failure only costs speed.
     */
    public void warmUp(JsonSchemaValidator validator) {
        entries.values().stream()
                .filter(e -> e.tool() instanceof BatchStatusTool)
                .findFirst()
                .ifPresent(e -> ((BatchStatusTool) e.tool()).warmUp(e.descriptor(), validator));
    }

    // ---- the initialize era (io.modelcontextprotocol.server)

    public List<SyncToolSpecification> legacy() {
        return entries.values().stream().map(ToolCatalog::legacy).toList();
    }

    private static SyncToolSpecification legacy(Entry e) {
        ToolDescriptor d = e.descriptor();
        Tool tool = Tool.builder()
                .name(d.name())
                .title(d.title())
                .description(d.description())
                .inputSchema(d.inputSchema())
                .outputSchema(d.outputSchema())
                .annotations(new ToolAnnotations((String) d.annotations().get("title"), d.hint("readOnlyHint"),
                        d.hint("destructiveHint"), d.hint("idempotentHint"), d.hint("openWorldHint"), null))
                .build();
        return SyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> legacyResult(
                        e.tool().call(arguments(request.arguments()), legacyProgress(exchange, request.progressToken()))))
                .build();
    }

    private static ProgressSink legacyProgress(McpSyncServerExchange exchange, Object token) {
        if (token == null || exchange == null) {
            return null;
        }
        return (progress, total, message) -> exchange.progressNotification(ProgressNotification
                .builder(token, progress).total(total == null ? null : total.doubleValue()).message(message).build());
    }

    private static CallToolResult legacyResult(ToolResult r) {
        CallToolResult.Builder b = CallToolResult.builder().addTextContent(r.text());
        if (r.isError()) {
            return b.isError(true).build();
        }
        return b.structuredContent(r.structuredContent()).build();
    }

    // ---- 2026-07-28 (io.modelcontextprotocol.modern)

    public McpSyncToolRepository modern() {
        Map<String, McpSyncTool> tools = new LinkedHashMap<>();
        entries.values().forEach(e -> tools.put(e.descriptor().name(), modern(e)));
        ToolsPage page = ToolsPage.of(tools.values().stream().map(McpSyncTool::definition).toList());
        return new McpSyncToolRepository() {
            @Override
            public ToolsPage list(io.modelcontextprotocol.modern.server.McpRequestContext ctx, String cursor) {
                return page;
            }

            @Override
            public McpSyncTool find(io.modelcontextprotocol.modern.server.McpRequestContext ctx, String name) {
                return tools.get(name);
            }
        };
    }

    private static McpSyncTool modern(Entry e) {
        ToolDescriptor d = e.descriptor();
        McpSchema.Tool tool = new McpSchema.Tool(d.name(), d.title(), d.description(), d.inputSchema(),
                d.outputSchema(), new McpSchema.ToolAnnotations((String) d.annotations().get("title"),
                        d.hint("readOnlyHint"), d.hint("destructiveHint"), d.hint("idempotentHint"),
                        d.hint("openWorldHint")), null, null);
        return McpSyncTool.of(tool, (ctx, request) -> {
            Map<String, Object> arguments = arguments(request.arguments());
            if (ctx.progressToken() == null) {
                return McpSyncResponse.result(modernResult(e.tool().call(arguments, null)));
            }
            // Progress travels in the response's own stream, before the result and never after it.
            return McpSyncResponse.streaming(notifier -> modernResult(e.tool().call(arguments,
                    (progress, total, message) -> notifier.progress(progress,
                            total == null ? null : total.doubleValue(), message))));
        });
    }

    private static McpSchema.CallToolResult modernResult(ToolResult r) {
        McpSchema.CallToolResult.Builder b = McpSchema.CallToolResult.builder()
                .addContent(McpSchema.TextContent.builder(r.text()).build());
        if (r.isError()) {
            return b.isError(true).build();
        }
        return b.structuredContent(r.structuredContent()).build();
    }

    private static Map<String, Object> arguments(Map<String, Object> arguments) {
        return arguments == null ? Map.of() : arguments;
    }
}
