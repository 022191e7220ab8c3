package io.github.anchorbatchmcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Map;

/**
 * The SDK's schema validator, built on the first tool call instead of at start: the first
 * {@code initialize} answer does not wait for it. It still checks every call's arguments and
 * structured result. The SDK's start-time check of the tool's own schemas against the JSON Schema
 * meta-schema is left out here; {@code ToolSchemaSnapshotTest} makes that check instead.
 */
final class LazySchemaValidator implements JsonSchemaValidator {

    private final Lazy<JsonSchemaValidator> delegate = new Lazy<>(McpJsonDefaults::getSchemaValidator);

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object content) {
        return delegate.get().validate(schema, content);
    }
}
