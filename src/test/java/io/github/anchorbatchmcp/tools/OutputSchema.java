package io.github.anchorbatchmcp.tools;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.json.McpJsonDefaults;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Checks structured content against a served tool's outputSchema, with the validator the SDK uses. */
public final class OutputSchema {

    private static final Map<String, Map<String, Object>> SCHEMAS = new ConcurrentHashMap<>();

    private OutputSchema() {
    }

    /** Against the status report's schema, which get_batch_session_status and wait_for_batch_sessions share. */
    public static void assertValid(Object structuredContent) {
        assertValid(BatchStatusTool.NAME, structuredContent);
    }

    /** Against the outputSchema of the tool named {@code tool}, as tool-schemas/ has it. */
    public static void assertValid(String tool, Object structuredContent) {
        Map<String, Object> schema = SCHEMAS.computeIfAbsent(tool,
                name -> ToolDescriptors.served(McpJsonDefaults.getMapper(), name).outputSchema());
        var response = McpJsonDefaults.getSchemaValidator().validate(schema, structuredContent);
        assertTrue(response.valid(), () -> "structured content violates the outputSchema of " + tool + ": "
                + response.errorMessage());
    }
}
