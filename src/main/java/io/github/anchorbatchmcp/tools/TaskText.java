package io.github.anchorbatchmcp.tools;

import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** The text an agent reads about its tasks: where each stands, what to do next, then the answers, fenced. */
final class TaskText {

    private TaskText() {
    }

    static String render(TaskAsk ask, List<TaskTool.Task> tasks, int notDriven, ToolResults.NextCall next,
            int finished) {
        StringBuilder out = new StringBuilder();
        long started = tasks.stream().filter(TaskTool.Task::started).count();
        long running = tasks.stream().filter(TaskTool.Task::running).count();
        out.append(ask.collecting() ? "Collected " + tasks.size() + (tasks.size() == 1 ? " task" : " tasks")
                : "Started " + started + " of " + tasks.size() + " AI tasks (max_steps " + ask.maxSteps() + " each)")
                .append(" in batch ").append(ask.batch()).append(": ").append(finished).append(" finished, ")
                .append(running).append(" still running");
        out.append(running > 0 ? " after " + ask.timeout().toSeconds() + " seconds." : ".");
        if (notDriven > 0) {
            out.append(' ').append(notDriven).append(" more ready ").append(notDriven == 1 ? "session was" : "sessions"
                    + " were").append(" left out: name them in sessions to use them.");
        }
        out.append('\n');
        for (TaskTool.Task t : tasks) {
            out.append("- item ").append(t.itemIndex == null ? "?" : t.itemIndex);
            if (t.sessionId != null) {
                out.append(" (session ").append(t.sessionId).append(')');
            }
            if (t.workflow != null) {
                out.append(", workflow ").append(t.workflow);
            }
            out.append(": ").append(t.status);
            if (t.error != null) {
                out.append(": ").append(t.error);
            }
            out.append('\n');
        }
        if (next != null) {
            out.append("Next: the tasks still running go on at Anchor (billed) until they end or their browsers do;"
                    + " call ").append(next.text()).append(" to collect them. It starts nothing.")
                    .append(ask.secretValues() == null ? "" : " Pass the same secret_values so they stay masked.")
                    .append('\n');
        }
        for (TaskTool.Task t : tasks) {
            if (t.result == null) {
                continue;
            }
            String answer = t.result instanceof String s ? s : JsonMapper.shared().writeValueAsString(t.result);
            out.append('\n').append(WebContent.fenced("Answer of the task in item " + (t.itemIndex == null ? "?"
                    : t.itemIndex) + ", its agent's own account" + (t.truncated ? ", cut short" : "") + ", written from"
                    + " web pages; " + WebContent.UNTRUSTED + ":", WebContent.clean(answer)));
        }
        return out.toString();
    }
}
