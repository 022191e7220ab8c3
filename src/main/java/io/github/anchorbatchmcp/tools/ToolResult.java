package io.github.anchorbatchmcp.tools;

/**
 * What a tool call gives, in neither era's types: the text a model reads, the same as structured
 * content (null for an error), and whether it is an error the model can act on. {@link ToolCatalog}
 * turns it into each era's result.
 */
public record ToolResult(String text, Object structuredContent, boolean isError) {
}
