package io.github.anchorbatchmcp.prompts;

import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.McpSchema.CacheScope;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncPrompt;
import io.modelcontextprotocol.modern.server.feature.McpSyncPromptRepository;
import io.modelcontextprotocol.modern.server.feature.PromptsPage;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prompts ({@link BatchPrompts}), written once and served to both protocol eras. A bad or missing
 * argument is a JSON-RPC error -32602 that names it, in either era.
 */
public final class PromptCatalog {

    /** The prompts change only with a new version of the server. */
    static final long TTL_MS = Duration.ofHours(24).toMillis();

    private final BatchPrompts prompts;

    public PromptCatalog(int maxBatchSize, boolean readOnly) {
        this.prompts = new BatchPrompts(maxBatchSize, readOnly);
    }

    // ---- the initialize era (io.modelcontextprotocol.server), with a session or stateless

    public List<McpServerFeatures.SyncPromptSpecification> legacy() {
        return prompts.prompts().stream().map(p -> new McpServerFeatures.SyncPromptSpecification(legacyPrompt(p),
                (exchange, request) -> legacyResult(p, request.arguments()))).toList();
    }

    public List<McpStatelessServerFeatures.SyncPromptSpecification> stateless() {
        return prompts.prompts().stream().map(p -> new McpStatelessServerFeatures.SyncPromptSpecification(
                legacyPrompt(p), (context, request) -> legacyResult(p, request.arguments()))).toList();
    }

    private static Prompt legacyPrompt(BatchPrompts.Prompt p) {
        return new Prompt(p.name(), p.title(), p.description(), p.arguments().stream()
                .map(a -> new PromptArgument(a.name(), a.description(), a.required())).toList());
    }

    private GetPromptResult legacyResult(BatchPrompts.Prompt p, Map<String, Object> arguments) {
        String text;
        try {
            text = prompts.message(p, arguments);
        } catch (IllegalArgumentException bad) {
            throw McpError.builder(ErrorCodes.INVALID_PARAMS).message(bad.getMessage()).build();
        }
        return new GetPromptResult(p.description(), List.of(new PromptMessage(Role.USER, new TextContent(text))));
    }

    // ---- 2026-07-28 (io.modelcontextprotocol.modern)

    public McpSyncPromptRepository modern() {
        Map<String, McpSyncPrompt> byName = new LinkedHashMap<>();
        for (BatchPrompts.Prompt p : prompts.prompts()) {
            McpSchema.Prompt definition = McpSchema.Prompt.builder(p.name()).title(p.title()).description(p.description())
                    .arguments(p.arguments().stream().map(a -> McpSchema.PromptArgument.builder(a.name())
                            .description(a.description()).required(a.required()).build()).toList())
                    .build();
            byName.put(p.name(), McpSyncPrompt.of(definition, (ctx, request) -> McpSyncResponse.result(
                    modernResult(p, request.arguments()))));
        }
        PromptsPage page = new PromptsPage(byName.values().stream().map(McpSyncPrompt::definition).toList(), null,
                TTL_MS, CacheScope.PUBLIC);
        return new McpSyncPromptRepository() {
            @Override
            public PromptsPage list(McpRequestContext ctx, String cursor) {
                return page;
            }

            @Override
            public McpSyncPrompt find(McpRequestContext ctx, String name) {
                return byName.get(name);
            }
        };
    }

    private McpSchema.GetPromptResult modernResult(BatchPrompts.Prompt p, Map<String, ?> arguments) {
        String text;
        try {
            text = prompts.message(p, arguments);
        } catch (IllegalArgumentException bad) {
            throw McpException.invalidParams(bad.getMessage());
        }
        return McpSchema.GetPromptResult.builder(List.of(McpSchema.PromptMessage.builder(McpSchema.Role.USER,
                McpSchema.TextContent.builder(text).build()).build())).description(p.description()).build();
    }
}
