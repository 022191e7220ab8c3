package io.github.anchorbatchmcp.tools;

/**
 * What a tool call gives, in neither era's types: the text a model reads, the same as structured
 * content (null for an error), whether it is an error the model can act on, and at most one image.
 * {@link ToolCatalog} turns it into each era's result.
 *
 * @param image null for none
 */
public record ToolResult(String text, Object structuredContent, boolean isError, Image image) {

    public ToolResult(String text, Object structuredContent, boolean isError) {
        this(text, structuredContent, isError, null);
    }

    /** An image content block: its encoded bytes and the media type they are. */
    public record Image(byte[] data, String mimeType) {

        String base64() {
            return java.util.Base64.getEncoder().encodeToString(data);
        }
    }
}
