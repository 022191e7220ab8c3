package io.github.anchorbatchmcp.tools;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.json.McpJsonDefaults;
import java.util.Map;

/** Checks structured content against the served tool's outputSchema, with the validator the SDK uses. */
public final class OutputSchema {

    private static final Map<String, Object> SCHEMA =
            ToolDescriptors.served(McpJsonDefaults.getMapper(), BatchStatusTool.NAME).outputSchema();

    private OutputSchema() {
    }

    public static void assertValid(Object structuredContent) {
        var response = McpJsonDefaults.getSchemaValidator().validate(SCHEMA, structuredContent);
        assertTrue(response.valid(), () -> "structured content violates the outputSchema: " + response.errorMessage());
    }
}
