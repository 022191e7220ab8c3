package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The checked-in descriptor is what the OpenAPI operation derives to, and what the server serves. */
class ToolSchemaSnapshotTest {

    static final Path SNAPSHOT = Path.of("tool-schemas", BatchStatusTool.NAME + ".json");
    static final String REGENERATE = "UPDATE_TOOL_SCHEMAS=true ./mvnw -B test -Dtest=ToolSchemaSnapshotTest";

    @Test
    void checkedInDescriptorMatchesTheDerivedOne() throws Exception {
        ObjectNode derived = ToolDescriptors.getBatchSessionStatus();
        String pretty = ResponseParser.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(derived) + "\n";
        if ("true".equals(System.getenv("UPDATE_TOOL_SCHEMAS"))) {
            Files.createDirectories(SNAPSHOT.getParent());
            Files.writeString(SNAPSHOT, pretty);
        }
        assertTrue(Files.exists(SNAPSHOT), SNAPSHOT + " is missing; write it with: " + REGENERATE);
        JsonNode checkedIn = ResponseParser.JSON.readTree(Files.readString(SNAPSHOT));
        assertEquals(derived, checkedIn, SNAPSHOT + " differs from the descriptor derived from the OpenAPI"
                + " operation. If the change is intended, regenerate it with: " + REGENERATE);
    }

    @Test
    void derivedInputSchemaIsThePathParameter() {
        ObjectNode derived = ToolDescriptors.getBatchSessionStatus();
        JsonNode input = derived.path("inputSchema");
        assertEquals("get_batch_session_status", derived.path("name").asString());
        assertEquals("string", input.path("properties").path("batch_id").path("type").asString());
        assertEquals("uuid", input.path("properties").path("batch_id").path("format").asString());
        assertEquals("The unique identifier of the batch",
                input.path("properties").path("batch_id").path("description").asString());
        assertEquals("batch_id", input.path("required").path(0).asString());
        assertFalse(input.path("additionalProperties").asBoolean(true));
        assertFalse(derived.path("description").asString().contains("\n"), "description is one line");
    }

    @Test
    void servedToolIsTheCheckedInFile() throws Exception {
        var json = McpJsonDefaults.getMapper();
        Tool served = BatchStatusTool.descriptor(json);
        JsonNode servedTree = ResponseParser.JSON.readTree(json.writeValueAsString(served));
        assertEquals(ResponseParser.JSON.readTree(Files.readString(SNAPSHOT)), servedTree);
        assertTrue(served.annotations().readOnlyHint());
        assertTrue(served.annotations().idempotentHint());
        assertFalse(served.annotations().destructiveHint());
        assertTrue(served.annotations().openWorldHint());
    }

    /** The server skips the SDK's start-time meta-schema check (see LazySchemaValidator): it is made here. */
    @Test
    void servedSchemasAreValidJsonSchema() {
        Tool served = BatchStatusTool.descriptor(McpJsonDefaults.getMapper());
        var validator = McpJsonDefaults.getSchemaValidator();
        assertTrue(validator.validateSchema(served.inputSchema()).valid(), () -> validator.validateSchema(
                served.inputSchema()).errorMessage());
        assertTrue(validator.validateSchema(served.outputSchema()).valid(), () -> validator.validateSchema(
                served.outputSchema()).errorMessage());
        assertFalse(validator.validateSchema(java.util.Map.of("type", 5)).valid(), "the check can fail");
    }
}
