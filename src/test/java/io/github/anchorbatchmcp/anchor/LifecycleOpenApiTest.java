package io.github.anchorbatchmcp.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The project's OpenAPI description of the four operations: readable, complete, and what the client sends. */
class LifecycleOpenApiTest {

    private static JsonNode openApi() throws Exception {
        try (InputStream in = LifecycleOpenApiTest.class.getResourceAsStream("/openapi/batch-sessions-lifecycle.yaml")) {
            return YAMLMapper.shared().readTree(in);
        }
    }

    @Test
    void describesTheFourOperationsWithTheAnswersTheClientTellsApart() throws Exception {
        JsonNode paths = openApi().path("paths");
        Map<String, List<String>> expected = Map.of(
                "/v1/batch-sessions get", List.of("200", "401", "500"),
                "/v1/batch-sessions post", List.of("200", "400", "401", "402", "429", "500"),
                "/v1/batch-sessions/{batch_id} patch", List.of("200", "401", "404", "409", "500"),
                "/v1/batch-sessions/{batch_id}/retry post", List.of("200", "400", "401", "404", "500"));
        expected.forEach((operation, codes) -> {
            String[] pathAndMethod = operation.split(" ");
            JsonNode op = paths.path(pathAndMethod[0]).path(pathAndMethod[1]);
            assertFalse(op.path("summary").asString("").isBlank(), operation);
            assertFalse(op.path("description").asString("").isBlank(), operation);
            assertEquals(codes, new ArrayList<>(op.path("responses").propertyNames()), operation);
        });
        assertTrue(paths.path("/v1/batch-sessions/{batch_id}").path("delete").isMissingNode(), "delete is out of scope");
    }

    @Test
    void everyParameterAndPropertyIsDescribed() throws Exception {
        JsonNode root = openApi();
        List<String> undescribed = new ArrayList<>();
        root.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
                op.getValue().path("parameters").forEach(p -> {
                    if (p.path("description").asString("").isBlank()) {
                        undescribed.add(path.getKey() + " " + p.path("name").asString());
                    }
                })));
        collect(root.path("components").path("schemas"), "", undescribed);
        assertEquals(List.of(), undescribed);
    }

    /** Properties without a description, except the error body's and constant discriminators. */
    private static void collect(JsonNode schemas, String at, List<String> undescribed) {
        schemas.properties().forEach(e -> {
            JsonNode s = e.getValue();
            String name = at + e.getKey();
            if (name.startsWith("ErrorResponse")) {
                return;
            }
            s.path("properties").properties().forEach(p -> {
                JsonNode prop = p.getValue();
                boolean leaf = !prop.has("properties") && !prop.has("$ref") && !prop.has("const");
                if (leaf && prop.path("description").asString("").isBlank()) {
                    undescribed.add(name + "." + p.getKey());
                }
            });
            collect(s.path("properties"), name + ".", undescribed);
        });
    }
}
