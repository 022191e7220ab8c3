package io.github.anchorbatchmcp.tools;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Derives the descriptors of the lifecycle tools (list, create, cancel, retry) from the project's
 * OpenAPI description of those operations, as {@link ToolDescriptors} does for the status endpoint:
 * name and title from the summary, description from the description plus what the result holds,
 * input from the parameters and the request body. Run by the snapshot test, never at server start.
 */
final class LifecycleDescriptors {

    static final String OPENAPI = "/openapi/batch-sessions-lifecycle.yaml";
    private static final JsonMapper JSON = JsonMapper.shared();

    private LifecycleDescriptors() {
    }

    static ObjectNode listBatchSessions() {
        JsonNode op = operation("/v1/batch-sessions", "get");
        ObjectNode tool = named(op, "Returns one page of batches with their status and session counts, and whether"
                + " more pages exist. Use it to find a batch whose id you no longer have, and before creating again"
                + " when a create's outcome was unknown.");
        tool.set("inputSchema", ToolDescriptors.inputSchema(op));
        return ToolDescriptors.withOutput(tool, output("batch-list"), tool.path("title").asString(), true, false, true);
    }

    static ObjectNode createBatchSessions() {
        JsonNode op = operation("/v1/batch-sessions", "post");
        ObjectNode tool = named(op, "Returns the batch_id and the exact wait_for_batch_sessions call to make next."
                + " This server may allow fewer browsers per batch than the API does; it says so, and creates nothing,"
                + " when count is over its limit.");
        JsonNode body = schema("CreateBatchRequest");
        JsonNode configuration = schema("SessionConfiguration");
        ObjectNode input = JSON.createObjectNode().put("type", "object");
        ObjectNode properties = input.putObject("properties");
        ObjectNode count = described(body.path("properties").path("count"));
        count.put("description", "How many browsers to start, from 1 to " + count.path("maximum").asInt() + " (this"
                + " server may allow fewer)");
        properties.set("count", count);
        for (CreateFields.Field field : CreateFields.FIELDS) {
            properties.set(field.name(), field.name().equals(CreateFields.PROXY_COUNTRY) ? proxyCountry()
                    : described(at(configuration, field.path())));
        }
        properties.set("metadata", described(body.path("properties").path("metadata")));
        input.putArray("required").add("count");
        input.put("additionalProperties", false);
        tool.set("inputSchema", input);
        return ToolDescriptors.withOutput(tool, output("created-batch"), tool.path("title").asString(), false, false,
                false);
    }

    static ObjectNode cancelBatchSessions() {
        JsonNode op = operation("/v1/batch-sessions/{batch_id}", "patch");
        ObjectNode tool = named(op, "This tool ends a batch already over session by session instead, so billing"
                + " stops in any state. Returns how many browsers were terminated or ended, and any that were not.");
        tool.set("inputSchema", ToolDescriptors.inputSchema(op));
        return ToolDescriptors.withOutput(tool, output("cancelled-batch"), tool.path("title").asString(), false, true,
                true);
    }

    static ObjectNode retryFailedBatchSessions() {
        JsonNode op = operation("/v1/batch-sessions/{batch_id}/retry", "post");
        ObjectNode tool = named(op, "Returns how many sessions are retried and the wait_for_batch_sessions call to make"
                + " next.");
        ObjectNode input = ToolDescriptors.inputSchema(op);
        ((ObjectNode) input.get("properties")).set("max_retries",
                described(schema("RetryBatchRequest").path("properties").path("max_retries")));
        tool.set("inputSchema", input);
        return ToolDescriptors.withOutput(tool, output("retried-batch"), tool.path("title").asString(), false, false,
                false);
    }

    private static ObjectNode named(JsonNode operation, String resultGuide) {
        String summary = operation.path("summary").asString();
        ObjectNode tool = JSON.createObjectNode();
        tool.put("name", ToolDescriptors.snakeCase(summary));
        tool.put("title", summary);
        tool.put("description", ToolDescriptors.oneLine(operation.path("description").asString()) + " " + resultGuide);
        return tool;
    }

    /** Anchor's proxy, which the flat argument switches on, in the country it names. */
    private static ObjectNode proxyCountry() {
        ObjectNode country = described(schema("AnchorProxy").path("properties").path("country_code"));
        country.remove("default");
        country.put("pattern", "^[a-z]{2}$");
        country.put("description", "Route the browsers' traffic through Anchor's proxy in this country: "
                + country.path("description").asString() + " (us, de, ...). Default: no proxy.");
        return country;
    }

    /** A property's schema with its description on one line. */
    private static ObjectNode described(JsonNode property) {
        if (!property.isObject()) {
            throw new IllegalStateException(OPENAPI + " lacks a property the tools use");
        }
        ObjectNode copy = (ObjectNode) property.deepCopy();
        if (copy.hasNonNull("description")) {
            copy.put("description", ToolDescriptors.oneLine(copy.path("description").asString()));
        }
        return copy;
    }

    private static JsonNode at(JsonNode schema, List<String> path) {
        JsonNode at = schema;
        for (String key : path) {
            at = at.path("properties").path(key);
        }
        return at;
    }

    private static JsonNode operation(String path, String method) {
        JsonNode op = ToolDescriptors.readYaml(OPENAPI).path("paths").path(path).path(method);
        if (!op.isObject()) {
            throw new IllegalStateException(OPENAPI + " has no " + method.toUpperCase() + " " + path);
        }
        return op;
    }

    private static JsonNode schema(String name) {
        return ToolDescriptors.readYaml(OPENAPI).path("components").path("schemas").path(name);
    }

    /** A result schema, with the shared next-call schema put in where it is referred to. */
    private static JsonNode output(String name) {
        ObjectNode schema = (ObjectNode) ToolDescriptors.readJson("/schemas/" + name + ".schema.json");
        ObjectNode properties = (ObjectNode) schema.path("properties");
        if (properties.has("next_call")) {
            properties.set("next_call", ToolDescriptors.readJson("/schemas/next-call.schema.json"));
        }
        return schema;
    }
}
