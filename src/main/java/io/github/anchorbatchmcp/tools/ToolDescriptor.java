package io.github.anchorbatchmcp.tools;

import java.util.Map;

/** A checked-in descriptor ({@code tool-schemas/NAME.json}) as plain maps: what both eras serve. */
record ToolDescriptor(String name, String title, String description, Map<String, Object> inputSchema,
        Map<String, Object> outputSchema, Map<String, Object> annotations) {

    Boolean hint(String name) {
        return (Boolean) annotations.get(name);
    }
}
