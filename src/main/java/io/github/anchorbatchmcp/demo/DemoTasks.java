package io.github.anchorbatchmcp.demo;

import io.github.anchorbatchmcp.demo.DemoLife.Reply;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;

/**
 * The simulated AI browser tasks: each runs for {@link #RUNS_FOR} on the simulator's clock, then is
 * over with the outcome it was given at its start (made up from what it was asked, where), or fails
 * if its session ended first. A task's secret values are used only to keep them out of its outcome,
 * which is made before they are dropped: no answer can carry them.
 */
final class DemoTasks {

    static final Duration RUNS_FOR = Duration.ofSeconds(3);
    /** The word that makes a simulated task fail, to show a failed task. */
    static final String FAILS_ON = "impossible";
    static final String SESSION_ENDED = "Task stopped: the session ended before it was done";

    /** How a task ends: a result (the agent's own account, as an object) or an error. */
    record Outcome(Map<String, Object> result, String error) {
    }

    private static final class Task {
        private final String sessionId;
        private final long startNanos;
        private final Outcome outcome;
        /** When its session ended, null while it runs. */
        private Long sessionEndedNanos;

        private Task(String sessionId, long startNanos, Outcome outcome) {
            this.sessionId = sessionId;
            this.startNanos = startNanos;
            this.outcome = outcome;
        }

        synchronized void sessionEnded(long nowNanos) {
            if (sessionEndedNanos == null) {
                sessionEndedNanos = nowNanos;
            }
        }

        synchronized Long sessionEndedNanos() {
            return sessionEndedNanos;
        }
    }

    private final LongSupplier nanoTime;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();

    DemoTasks(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** What the task will end with, run from {@code url} (titled {@code title}). */
    static Outcome outcome(DemoSessionRequests.Task asked, String url, String title) {
        // Longest first, so that a secret inside another is not left half shown.
        List<String> secrets = asked.secrets().stream().filter(s -> !s.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        String prompt = hide(asked.prompt(), secrets);
        String where = hide(url, secrets);
        if (asked.prompt().toLowerCase(Locale.ROOT).contains(FAILS_ON)) {
            return new Outcome(null, "The agent could not complete the task: no way to \"" + prompt + "\" was found on "
                    + where);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("answer", "Done: " + prompt + " on " + where + " (" + hide(title, secrets) + ")");
        result.put("url", where);
        result.put("steps", Math.min(asked.maxSteps(), 3));
        JsonNode properties = asked.outputSchema() == null ? null : asked.outputSchema().path("properties");
        if (properties != null && properties.isObject()) {
            for (Map.Entry<String, JsonNode> p : properties.properties()) {
                Object value = madeUp(p.getKey(), p.getValue().path("type"));
                if (value != null && hide(p.getKey(), secrets).equals(p.getKey())) {
                    result.put(p.getKey(), value);
                }
            }
        }
        return new Outcome(result, null);
    }

    /** Starts a task on a session; its workflow id. */
    String start(String sessionId, Outcome outcome) {
        String id = UUID.randomUUID().toString();
        tasks.put(id, new Task(sessionId, nanoTime.getAsLong(), outcome));
        return id;
    }

    /** The session ended: its tasks still running end failed. */
    void sessionEnded(String sessionId) {
        long now = nanoTime.getAsLong();
        for (Task task : tasks.values()) {
            if (task.sessionId.equals(sessionId)) {
                task.sessionEnded(now);
            }
        }
    }

    /** The status endpoint's answer. */
    Reply status(String workflowId) {
        Task task = tasks.get(workflowId);
        if (task == null) {
            // The API documents 400 and 500 only; an id it never gave is not found, as a session would be.
            return Reply.error(404, "Task not found");
        }
        long runsFor = RUNS_FOR.toNanos();
        Long ended = task.sessionEndedNanos();
        Map<String, Object> data = new LinkedHashMap<>();
        if (ended != null && ended - task.startNanos < runsFor) {
            data.put("status", "FAILED");
            data.put("error", SESSION_ENDED);
        } else if (nanoTime.getAsLong() - task.startNanos < runsFor) {
            data.put("status", "RUNNING");
        } else if (task.outcome.error() != null) {
            data.put("status", "FAILED");
            data.put("error", task.outcome.error());
        } else {
            data.put("status", "COMPLETED");
            data.put("result", task.outcome.result());
        }
        return new Reply(200, Map.of("data", data));
    }

    /** A value of a schema's property, the same every time: strings a short text, numbers 1. */
    private static Object madeUp(String name, JsonNode type) {
        String t = type.isArray() ? type.path(0).asString("") : type.asString("");
        switch (t) {
            case "string":
                return "demo " + name;
            case "number":
            case "integer":
                return 1;
            case "boolean":
                return true;
            default:
                return null;
        }
    }

    private static String hide(String text, List<String> secrets) {
        for (String secret : secrets) {
            text = text.replace(secret, "[secret]");
        }
        return text;
    }
}
