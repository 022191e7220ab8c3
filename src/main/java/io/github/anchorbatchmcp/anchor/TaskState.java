package io.github.anchorbatchmcp.anchor;

import tools.jackson.databind.JsonNode;

/**
 * Where an async AI task stands ({@code GET /v1/tools/perform-web-task/{workflow_id}/status}), every
 * string scrubbed of the key and the task's secrets.
 *
 * @param status as the API gives it: RUNNING, COMPLETED, FAILED, or a newer value
 * @param result the agent's own answer, passed through as given (null until it is over); an agent
 *     may say it failed inside a COMPLETED task's result
 * @param error why it failed, when it did
 */
public record TaskState(String status, JsonNode result, String error) {

    public boolean running() {
        return status == null || !(completed() || failed());
    }

    public boolean completed() {
        return "COMPLETED".equalsIgnoreCase(status);
    }

    public boolean failed() {
        return "FAILED".equalsIgnoreCase(status);
    }
}
