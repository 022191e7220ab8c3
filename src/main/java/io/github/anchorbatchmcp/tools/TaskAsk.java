package io.github.anchorbatchmcp.tools;

import io.github.anchorbatchmcp.anchor.BatchId;
import io.github.anchorbatchmcp.anchor.TaskRequest;
import io.github.anchorbatchmcp.anchor.WorkflowId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a call of {@code run_task_in_batch_sessions} asks, read and checked before any request: tasks
 * to start (a prompt, or one per session), or, with {@code workflow_ids}, tasks to collect. No message
 * here ever quotes a secret value.
 *
 * @param prompts one per session, or null when one {@code prompt} serves all (or when collecting)
 * @param workflowIds null unless collecting
 */
record TaskAsk(BatchId batch, List<Integer> sessions, String prompt, List<String> prompts, String url,
        Map<String, Object> outputSchema, int maxSteps, Duration timeout, List<WorkflowId> workflowIds,
        Map<String, String> secretValues) {

    static final String SECRET_VALUES = "secret_values";

    boolean collecting() {
        return workflowIds != null;
    }

    Collection<String> secrets() {
        return secretValues == null ? List.of() : secretValues.values();
    }

    /** The task for the {@code i}-th session driven. */
    TaskRequest request(int i) {
        return new TaskRequest(prompts != null ? prompts.get(i) : prompt, url, maxSteps, outputSchema, secretValues);
    }

    static TaskAsk read(Map<String, Object> args, int maxDriven, boolean withProgress) {
        BatchId batch = BatchId.parse(args.get("batch_id"));
        Map<String, String> secrets = secrets(args.get(SECRET_VALUES));
        Integer seconds = Arguments.integer(args, "timeout_seconds", 1, WaitTool.MAX_TIMEOUT_WITH_PROGRESS);
        Duration timeout = Duration.ofSeconds(Math.min(seconds == null ? WaitTool.DEFAULT_TIMEOUT : seconds,
                withProgress ? WaitTool.MAX_TIMEOUT_WITH_PROGRESS : WaitTool.MAX_TIMEOUT));
        List<Integer> sessions = DrivenSessions.requested(args, maxDriven);
        List<String> ids = Arguments.strings(args, "workflow_ids");
        if (ids != null) {
            for (String starting : List.of("prompt", "prompts", "url", "output_schema", "max_steps")) {
                if (args.get(starting) != null) {
                    throw new IllegalArgumentException("workflow_ids collects tasks an earlier call started and starts"
                            + " none: leave " + starting + " out (or leave workflow_ids out to start new tasks).");
                }
            }
            return new TaskAsk(batch, labels(sessions, ids.size()), null, null, null, null, TaskTool.DEFAULT_MAX_STEPS, timeout,
                    workflowIds(ids, maxDriven), secrets);
        }
        String prompt = Arguments.string(args, "prompt");
        List<String> prompts = Arguments.strings(args, "prompts");
        if ((prompt == null) == (prompts == null)) {
            throw new IllegalArgumentException(prompt == null
                    ? "Give prompt (the same task for every session) or prompts (one per session), or workflow_ids to"
                            + " collect tasks already started."
                    : "Give prompt or prompts, not both.");
        }
        if (prompt != null) {
            checkPrompt(prompt, "prompt");
        } else {
            if (prompts.isEmpty()) {
                throw new IllegalArgumentException("prompts is empty: give one prompt per session.");
            }
            for (int i = 0; i < prompts.size(); i++) {
                checkPrompt(prompts.get(i), "prompts[" + i + "]");
            }
            int limit = sessions != null ? sessions.size() : maxDriven;
            if (prompts.size() > limit || sessions != null && prompts.size() != sessions.size()) {
                throw new IllegalArgumentException(prompts.size() + " prompts for " + limit + " sessions: give one"
                        + " prompt per session" + (sessions != null ? " named in sessions." : " (one call drives at"
                        + " most " + maxDriven + ", ANCHOR_MAX_DRIVEN_SESSIONS)."));
            }
        }
        String url = Arguments.string(args, "url");
        if (url != null) {
            TargetUrl.check(url, "url");
        }
        Map<String, Object> schema = Arguments.object(args, "output_schema");
        if (schema != null && JsonMapper.shared().writeValueAsString(schema).length()
                > TaskTool.MAX_SCHEMA_CHARS) {
            throw new IllegalArgumentException("output_schema is over " + TaskTool.MAX_SCHEMA_CHARS + " characters of"
                    + " JSON; keep the schema of the answer small.");
        }
        Integer steps = Arguments.integer(args, "max_steps", 1, TaskTool.MAX_STEPS);
        return new TaskAsk(batch, sessions, prompt, prompts, url, schema, steps == null ? TaskTool.DEFAULT_MAX_STEPS : steps,
                timeout, null, secrets);
    }

    private static void checkPrompt(String prompt, String name) {
        if (prompt.isBlank()) {
            throw new IllegalArgumentException(name + " is empty: say what the browser's agent should do.");
        }
        if (prompt.length() > TaskTool.MAX_PROMPT) {
            throw new IllegalArgumentException(name + " is " + prompt.length() + " characters long; at most "
                    + TaskTool.MAX_PROMPT + " are allowed.");
        }
    }

    /** In collect mode, {@code sessions} only labels the tasks: one item index per workflow id. */
    private static List<Integer> labels(List<Integer> sessions, int count) {
        if (sessions != null && sessions.size() != count) {
            throw new IllegalArgumentException("sessions names " + sessions.size() + " items for " + count
                    + " workflow_ids: with workflow_ids, sessions gives each task's item index, in the same order (or"
                    + " leave it out).");
        }
        return sessions;
    }

    private static List<WorkflowId> workflowIds(List<String> ids, int maxDriven) {
        if (ids.isEmpty() || ids.size() > maxDriven) {
            throw new IllegalArgumentException("workflow_ids must name 1 to " + maxDriven + " tasks (got " + ids.size()
                    + ").");
        }
        List<WorkflowId> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            WorkflowId id = WorkflowId.orNull(ids.get(i));
            if (id == null) {
                throw new IllegalArgumentException("workflow_ids[" + i + "] is not a workflow id as Anchor gives them"
                        + " (letters, digits and . _ : -, up to 200); use the ids from an earlier result.");
            }
            out.add(id);
        }
        if (new LinkedHashSet<>(out).size() != out.size()) {
            throw new IllegalArgumentException("workflow_ids names a task twice.");
        }
        return out;
    }

    /** {@code secret_values}: names to strings; a value is never quoted back, whatever is wrong. */
    private static Map<String, String> secrets(Object raw) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(SECRET_VALUES + " must be an object of names to string values.");
        }
        if (map.size() > TaskTool.MAX_SECRETS) {
            throw new IllegalArgumentException(SECRET_VALUES + " holds " + map.size() + " values; at most "
                    + TaskTool.MAX_SECRETS + ".");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!name.matches("[A-Za-z_][A-Za-z0-9_.-]{0,63}")) {
                throw new IllegalArgumentException(SECRET_VALUES + " has a name that is not 1 to 64 letters, digits and"
                        + " _ . - (starting with a letter or _).");
            }
            if (!(e.getValue() instanceof String value) || value.isEmpty() || value.length() > 1000) {
                throw new IllegalArgumentException(SECRET_VALUES + "." + name + " must be a string of 1 to 1000"
                        + " characters (its value is not shown).");
            }
            out.put(name, value);
        }
        return out.isEmpty() ? null : out;
    }

    /** Never prints the secrets; records print every component by default. */
    @Override
    public String toString() {
        return "TaskAsk[batch=" + batch + ", sessions=" + sessions + ", collecting=" + collecting() + ", secrets="
                + (secretValues == null ? 0 : secretValues.size()) + "]";
    }
}
