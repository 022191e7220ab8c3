package io.github.anchorbatchmcp.tools;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Map;

/**
 * The SDK's schema validator, built on the first tool call instead of at start: the first answer
 * does not wait for it. It still checks every call's arguments and structured result, in both eras.
 * The SDK's start-time check of the tools' own schemas against the JSON Schema meta-schema is left
 * out here; {@code ToolSchemaSnapshotTest} makes that check instead.
 */
public final class LazySchemaValidator implements JsonSchemaValidator {

    /** Made when first used: the JVM initializes a nested class once, on first access. */
    private static final class Holder {
        static final JsonSchemaValidator VALIDATOR = McpJsonDefaults.getSchemaValidator();
    }

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object content) {
        return Holder.VALIDATOR.validate(schema, content);
    }
}
