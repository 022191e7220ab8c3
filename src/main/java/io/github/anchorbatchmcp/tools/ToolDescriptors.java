package io.github.anchorbatchmcp.tools;

import io.modelcontextprotocol.json.McpJsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Derives a tool descriptor from the API's own OpenAPI operation: name and title from its summary,
 * description from its description, input schema from its path parameter. The result is checked in
 * under {@code tool-schemas/} and that file is what the server serves; a test keeps the two equal.
 * Deriving runs when the snapshot is checked or regenerated, never at server start; {@link #served}
 * is what the server reads.
 */
final class ToolDescriptors {

    private static final JsonMapper JSON = JsonMapper.shared();

    static final String OPENAPI = "/openapi/get-batch-session-status.yaml";
    static final String STATUS_PATH = "/v1/batch-sessions/{batch_id}";
    static final String OUTPUT_SCHEMA = "/schemas/batch-report.schema.json";

    /** Added to the API's description: what the result holds, so a model knows how to use it. */
    static final String RESULT_GUIDE = "Returns a short summary of the batch (status, session counts, phase, and"
            + " the next step: wait and call again, connect to the ready browsers, or give up) and the sessions"
            + " ready to drive, each with its CDP websocket URL and live-view URL. Lists are capped and failures"
            + " grouped by reason, so the result stays small for batches of any size.";

    private ToolDescriptors() {
    }

    /**
     * A checked-in descriptor, as the server serves it, read as plain maps: binding the SDK's records
     * directly costs start-up time for no gain.
     */
    @SuppressWarnings("unchecked")
    static ToolDescriptor served(McpJsonMapper json, String name) {
        Map<String, Object> d;
        String resource = "/tool-schemas/" + name + ".json";
        try (InputStream in = open(resource)) {
            d = json.readValue(in.readAllBytes(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ToolDescriptor((String) d.get("name"), (String) d.get("title"), (String) d.get("description"),
                (Map<String, Object>) d.get("inputSchema"), (Map<String, Object>) d.get("outputSchema"),
                (Map<String, Object>) d.get("annotations"), (Map<String, Object>) d.get("_meta"));
    }

    static ObjectNode getBatchSessionStatus() {
        JsonNode operation = statusOperation();
        String summary = operation.path("summary").asString();
        ObjectNode tool = JSON.createObjectNode();
        tool.put("name", snakeCase(summary));
        tool.put("title", summary);
        tool.put("description", oneLine(operation.path("description").asString()) + " " + RESULT_GUIDE);
        tool.set("inputSchema", inputSchema(operation));
        return withOutputAndAnnotations(tool, summary);
    }

    /** The waiting tool: the same operation and batch_id, two parameters of its own, the same output. */
    static ObjectNode waitForBatchSessions() {
        ObjectNode tool = JSON.createObjectNode();
        tool.put("name", WaitTool.NAME);
        tool.put("title", WaitTool.TITLE);
        tool.put("description", WaitTool.DESCRIPTION);
        ObjectNode input = inputSchema(statusOperation());
        ObjectNode properties = (ObjectNode) input.get("properties");
        properties.putObject("min_ready")
                .put("type", "integer").put("minimum", 1)
                .put("description", "Return as soon as this many sessions are ready. Default: wait until the"
                        + " batch finishes (completed, failed or cancelled).");
        properties.putObject("timeout_seconds")
                .put("type", "integer").put("minimum", 1).put("maximum", WaitTool.MAX_TIMEOUT_WITH_PROGRESS)
                .put("description", "Longest wait, in seconds. Default " + WaitTool.DEFAULT_TIMEOUT + "; at most "
                        + WaitTool.MAX_TIMEOUT + ", or " + WaitTool.MAX_TIMEOUT_WITH_PROGRESS
                        + " when the request carries a progress token.");
        tool.set("inputSchema", input);
        return withOutputAndAnnotations(tool, WaitTool.TITLE);
    }

    private static JsonNode statusOperation() {
        JsonNode operation = readYaml(OPENAPI).path("paths").path(STATUS_PATH).path("get");
        if (!operation.isObject()) {
            throw new IllegalStateException(OPENAPI + " has no GET " + STATUS_PATH);
        }
        return operation;
    }

    /** Both tools return the same report, and only read. */
    private static ObjectNode withOutputAndAnnotations(ObjectNode tool, String title) {
        return withOutput(tool, readJson(OUTPUT_SCHEMA), title, true, false, true);
    }

    /** The tools whose result is one batch: a host that renders MCP Apps shows the dashboard beside it. */
    static final Set<String> SHOWN_ON_THE_DASHBOARD = Set.of(BatchStatusTool.NAME, WaitTool.NAME,
            CreateBatchTool.NAME, BrowseTool.NAME, CancelBatchTool.NAME);

    /**
     * What clients show before a call and ask the user about: every tool here talks to Anchor (open
     * world); and, for a tool whose result is one batch, the dashboard that shows it.
     */
    static ObjectNode withOutput(ObjectNode tool, JsonNode outputSchema, String title, boolean readOnly,
            boolean destructive, boolean idempotent) {
        tool.set("outputSchema", outputSchema);
        ObjectNode annotations = tool.putObject("annotations");
        annotations.put("title", title);
        annotations.put("readOnlyHint", readOnly);
        annotations.put("destructiveHint", destructive);
        annotations.put("idempotentHint", idempotent);
        annotations.put("openWorldHint", true);
        if (SHOWN_ON_THE_DASHBOARD.contains(tool.path("name").asString())) {
            tool.putObject("_meta").putObject("ui").put("resourceUri", ToolCatalog.DASHBOARD_URI);
        }
        return tool;
    }

    /** An object schema with one property per path or query parameter: its schema plus its description. */
    static ObjectNode inputSchema(JsonNode operation) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (JsonNode parameter : operation.path("parameters")) {
            String in = parameter.path("in").asString();
            if (!"path".equals(in) && !"query".equals(in)) {
                continue;
            }
            String name = parameter.path("name").asString();
            ObjectNode property = (ObjectNode) parameter.path("schema").deepCopy();
            if (parameter.hasNonNull("description")) {
                property.put("description", oneLine(parameter.path("description").asString()));
            }
            properties.set(name, property);
            if (parameter.path("required").asBoolean(false)) {
                required.add(name);
            }
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    static String snakeCase(String words) {
        return words.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    /** OpenAPI descriptions wrap lines anywhere: one space between words is what a model should read. */
    static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    static JsonNode readYaml(String resource) {
        try (InputStream in = open(resource)) {
            return YAMLMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readJson(String resource) {
        try (InputStream in = open(resource)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = ToolDescriptors.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource " + resource);
        }
        return in;
    }
}
