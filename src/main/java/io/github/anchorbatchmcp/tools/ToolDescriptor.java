package io.github.anchorbatchmcp.tools;

import java.util.Map;

/**
 * A checked-in descriptor ({@code tool-schemas/NAME.json}) as plain maps: what both eras serve.
 *
 * @param meta the descriptor's {@code _meta}, null for none
 */
record ToolDescriptor(String name, String title, String description, Map<String, Object> inputSchema,
        Map<String, Object> outputSchema, Map<String, Object> annotations, Map<String, Object> meta) {

    Boolean hint(String name) {
        return (Boolean) annotations.get(name);
    }
}
