package io.github.anchorbatchmcp.transport;

import io.github.anchorbatchmcp.prompts.PromptCatalog;
import io.github.anchorbatchmcp.resources.ResourceCatalog;
import io.github.anchorbatchmcp.tools.ToolCatalog;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;

/**
 * What this server offers, each part written once for both eras and both transports: its tools,
 * prompts and resources. A server may offer tools alone (prompts and resources null).
 */
public record Catalog(ToolCatalog tools, PromptCatalog prompts, ResourceCatalog resources) {

    public Catalog {
        if (tools == null) {
            throw new IllegalArgumentException("a server offers tools");
        }
    }

    public static Catalog toolsOnly(ToolCatalog tools) {
        return new Catalog(tools, null, null);
    }

    /** What the initialize era's servers say they offer, on stdio and over HTTP alike. */
    public ServerCapabilities legacyCapabilities() {
        ServerCapabilities.Builder b = ServerCapabilities.builder().tools(false);
        if (prompts != null) {
            b.prompts(false);
        }
        if (resources != null) {
            b.resources(false, false);
        }
        return b.build();
    }
}
