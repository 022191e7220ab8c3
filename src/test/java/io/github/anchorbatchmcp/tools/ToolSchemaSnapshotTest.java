package io.github.anchorbatchmcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.modelcontextprotocol.json.McpJsonDefaults;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The checked-in descriptors are what the OpenAPI operation derives to, and what the server serves. */
class ToolSchemaSnapshotTest {

    private static final JsonMapper JSON = JsonMapper.shared();

    static final String REGENERATE = "UPDATE_TOOL_SCHEMAS=true ./mvnw -B test -Dtest=ToolSchemaSnapshotTest";
    static final Map<String, Supplier<ObjectNode>> DERIVED = Map.of(
            BatchStatusTool.NAME, ToolDescriptors::getBatchSessionStatus,
            WaitTool.NAME, ToolDescriptors::waitForBatchSessions,
            ListBatchesTool.NAME, LifecycleDescriptors::listBatchSessions,
            CreateBatchTool.NAME, LifecycleDescriptors::createBatchSessions,
            CancelBatchTool.NAME, LifecycleDescriptors::cancelBatchSessions,
            RetryBatchTool.NAME, LifecycleDescriptors::retryFailedBatchSessions,
            BrowseTool.NAME, DriveDescriptors::browseBatchSessions,
            TaskTool.NAME, DriveDescriptors::runTaskInBatchSessions);
    static final String[] ALL = {BatchStatusTool.NAME, WaitTool.NAME, ListBatchesTool.NAME, BrowseTool.NAME,
        CreateBatchTool.NAME, CancelBatchTool.NAME, RetryBatchTool.NAME, TaskTool.NAME};

    /** What each tool tells clients about itself: read-only, destructive, idempotent. */
    static final Map<String, List<Boolean>> HINTS = Map.of(
            BatchStatusTool.NAME, List.of(true, false, true),
            WaitTool.NAME, List.of(true, false, true),
            ListBatchesTool.NAME, List.of(true, false, true),
            CreateBatchTool.NAME, List.of(false, false, false),
            CancelBatchTool.NAME, List.of(false, true, true),
            RetryBatchTool.NAME, List.of(false, false, false),
            BrowseTool.NAME, List.of(false, false, true),
            TaskTool.NAME, List.of(false, true, false));

    static Path snapshot(String tool) {
        return Path.of("tool-schemas", tool + ".json");
    }

    @ParameterizedTest
    @ValueSource(strings = {BatchStatusTool.NAME, WaitTool.NAME, ListBatchesTool.NAME, BrowseTool.NAME,
        CreateBatchTool.NAME, CancelBatchTool.NAME, RetryBatchTool.NAME, TaskTool.NAME})
    void checkedInDescriptorMatchesTheDerivedOne(String name) throws Exception {
        ObjectNode derived = DERIVED.get(name).get();
        Path snapshot = snapshot(name);
        if ("true".equals(System.getenv("UPDATE_TOOL_SCHEMAS"))) {
            Files.createDirectories(snapshot.getParent());
            Files.writeString(snapshot, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(derived)
                    + "\n");
        }
        assertTrue(Files.exists(snapshot), snapshot + " is missing; write it with: " + REGENERATE);
        JsonNode checkedIn = JSON.readTree(Files.readString(snapshot));
        assertEquals(derived, checkedIn, snapshot + " differs from the descriptor derived from the OpenAPI"
                + " operation. If the change is intended, regenerate it with: " + REGENERATE);
    }

    @Test
    void derivedInputSchemaIsThePathParameter() {
        for (ObjectNode derived : new ObjectNode[] {ToolDescriptors.getBatchSessionStatus(),
            ToolDescriptors.waitForBatchSessions()}) {
            JsonNode input = derived.path("inputSchema");
            JsonNode batchId = input.path("properties").path("batch_id");
            assertEquals("string", batchId.path("type").asString());
            assertEquals("uuid", batchId.path("format").asString());
            assertEquals("The unique identifier of the batch", batchId.path("description").asString());
            assertEquals("batch_id", input.path("required").path(0).asString());
            assertEquals(1, input.path("required").size());
            assertFalse(input.path("additionalProperties").asBoolean(true));
            assertFalse(derived.path("description").asString().contains("\n"), "description is one line");
            assertEquals(ToolDescriptors.getBatchSessionStatus().path("outputSchema"), derived.path("outputSchema"),
                    "both tools give the same report");
        }
        assertEquals("get_batch_session_status", ToolDescriptors.getBatchSessionStatus().path("name").asString());
        JsonNode wait = ToolDescriptors.waitForBatchSessions().path("inputSchema").path("properties");
        assertEquals(1, wait.path("min_ready").path("minimum").asInt());
        assertEquals(WaitTool.MAX_TIMEOUT_WITH_PROGRESS, wait.path("timeout_seconds").path("maximum").asInt());
    }

    /** Both eras serve each tool exactly as its checked-in file says, with the hints the issue asks for. */
    @Test
    void bothErasServeTheCheckedInFiles() throws Exception {
        // While regenerating, the classpath still holds the previous file: the next build copies the new one.
        assumeFalse("true".equals(System.getenv("UPDATE_TOOL_SCHEMAS")), "regenerating the snapshots");
        var json = McpJsonDefaults.getMapper();
        ToolCatalog catalog = new ToolCatalog(json, List.of(new BatchStatusTool(null, 20), WaitTool.forClient(null, 20),
                new ListBatchesTool(null), new BrowseTool(null, 10, false), new CreateBatchTool(null, 10),
                new CancelBatchTool(null), new RetryBatchTool(null), TaskTool.forClient(null, 10)));
        List<Object> legacy = catalog.legacy().stream().map(spec -> (Object) spec.tool()).toList();
        List<Object> modern = List.copyOf(catalog.modern().list(null, null).tools());
        assertEquals(List.of(ALL), catalog.names());
        for (List<Object> served : List.of(legacy, modern)) {
            assertEquals(ALL.length, served.size());
            for (int i = 0; i < served.size(); i++) {
                String name = catalog.names().get(i);
                JsonNode tree = JSON.readTree(json.writeValueAsString(served.get(i)));
                assertEquals(JSON.readTree(Files.readString(snapshot(name))), tree);
                JsonNode a = tree.path("annotations");
                assertEquals(HINTS.get(name), List.of(a.path("readOnlyHint").asBoolean(),
                        a.path("destructiveHint").asBoolean(), a.path("idempotentHint").asBoolean()), name);
                assertTrue(a.path("openWorldHint").asBoolean(), name);
                assertEquals(tree.path("title"), a.path("title"));
            }
        }
    }

    /**
     * Single-type schema dialects (the OpenAPI subset behind Gemini's function declarations) reject or
     * flatten a {@code type} array such as {@code ["string", "null"]}: nullable fields are {@code anyOf}.
     */
    @ParameterizedTest
    @ValueSource(strings = {BatchStatusTool.NAME, WaitTool.NAME, ListBatchesTool.NAME, BrowseTool.NAME,
        CreateBatchTool.NAME, CancelBatchTool.NAME, RetryBatchTool.NAME, TaskTool.NAME})
    void noSchemaUsesATypeArray(String name) throws Exception {
        JsonNode descriptor = JSON.readTree(Files.readString(snapshot(name)));
        List<String> arrays = new java.util.ArrayList<>();
        typeArrays(descriptor.path("inputSchema"), "inputSchema", arrays);
        typeArrays(descriptor.path("outputSchema"), "outputSchema", arrays);
        assertEquals(List.of(), arrays, name + ": use anyOf for a nullable field");
        List<String> seen = new java.util.ArrayList<>();
        typeArrays(JSON.readTree("{\"a\":{\"type\":[\"string\",\"null\"]}}"), "x", seen);
        assertEquals(List.of("x.a"), seen, "the scan finds one");
    }

    private static void typeArrays(JsonNode node, String at, List<String> found) {
        if (node.isObject()) {
            if (node.path("type").isArray()) {
                found.add(at);
            }
            for (var e : node.properties()) {
                // a property named "type" is a schema under "properties", not the keyword
                typeArrays(e.getValue(), at + "." + e.getKey(), found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                typeArrays(node.get(i), at + "[" + i + "]", found);
            }
        }
    }

    /** The server skips the SDK's start-time meta-schema check (see LazySchemaValidator): it is made here. */
    @ParameterizedTest
    @ValueSource(strings = {BatchStatusTool.NAME, WaitTool.NAME, ListBatchesTool.NAME, BrowseTool.NAME,
        CreateBatchTool.NAME, CancelBatchTool.NAME, RetryBatchTool.NAME, TaskTool.NAME})
    void servedSchemasAreValidJsonSchema(String name) {
        ToolDescriptor served = ToolDescriptors.served(McpJsonDefaults.getMapper(), name);
        var validator = McpJsonDefaults.getSchemaValidator();
        assertTrue(validator.validateSchema(served.inputSchema()).valid(),
                () -> validator.validateSchema(served.inputSchema()).errorMessage());
        assertTrue(validator.validateSchema(served.outputSchema()).valid(),
                () -> validator.validateSchema(served.outputSchema()).errorMessage());
        assertFalse(validator.validateSchema(Map.of("type", 5)).valid(), "the check can fail");
    }
}
