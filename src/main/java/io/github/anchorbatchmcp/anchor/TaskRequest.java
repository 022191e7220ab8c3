package io.github.anchorbatchmcp.anchor;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One AI browser task for {@code POST /v1/tools/perform-web-task}, always started with
 * {@code async: true} (a synchronous one can run for minutes). {@code secretValues} are secrets like
 * the key: never printed, and masked in everything the API says about the task.
 *
 * @param url the page to start on; null for the session's current page
 * @param outputSchema a JSON Schema the answer should follow; null for none
 * @param secretValues handed to the agent; null for none
 */
public record TaskRequest(String prompt, String url, int maxSteps, Map<String, Object> outputSchema,
        Map<String, String> secretValues) {

    public TaskRequest {
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("a task needs a prompt");
        }
        outputSchema = outputSchema == null ? null : Map.copyOf(outputSchema);
        secretValues = secretValues == null ? null : Map.copyOf(secretValues);
    }

    /** The values to mask wherever the API's answers about this task stand. */
    public Collection<String> secrets() {
        return secretValues == null ? List.of() : secretValues.values();
    }

    byte[] json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prompt", prompt);
        if (url != null) {
            body.put("url", url);
        }
        body.put("max_steps", maxSteps);
        if (outputSchema != null) {
            body.put("output_schema", outputSchema);
        }
        if (secretValues != null) {
            body.put("secret_values", secretValues);
        }
        body.put("async", true);
        return ResponseParser.JSON.writeValueAsBytes(body);
    }

    /** Never prints the secrets (nor the prompt, which may quote them); records print every component by default. */
    @Override
    public String toString() {
        return "TaskRequest[prompt=" + prompt.length() + " characters, url=" + (url == null ? "current page" : "given")
                + ", maxSteps=" + maxSteps + ", outputSchema=" + (outputSchema == null ? "none" : "given")
                + ", secretValues=" + (secretValues == null ? "none" : secretValues.size()) + "]";
    }
}
