package io.github.anchorbatchmcp.tools;

import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.anchor.SessionFailure;
import io.github.anchorbatchmcp.anchor.SessionOutcome;
import io.github.anchorbatchmcp.anchor.TaskRequest;
import io.github.anchorbatchmcp.anchor.TaskState;
import io.github.anchorbatchmcp.anchor.Text;
import io.github.anchorbatchmcp.anchor.WorkflowId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tool {@code run_task_in_batch_sessions}: Anchor's AI browser agent in each chosen ready browser
 * at once. Each task is started once ({@code async: true}; a start whose answer is lost is never
 * re-sent, and that task's status is {@code unknown}), then polled until it ends or the time is up; a
 * progress notification goes out each time one finishes. Tasks still running at the time-out are
 * collected by calling again with their {@code workflow_ids}, which starts nothing. Cancelling the call
 * stops the polling; tasks already started go on at Anchor.
 */
public final class TaskTool implements AnchorTool {

    public static final String NAME = "run_task_in_batch_sessions";

    static final int DEFAULT_MAX_STEPS = 25;
    static final int MAX_STEPS = 100;
    public static final int MAX_PROMPT = 10_000;
    static final int MAX_SECRETS = 20;
    static final int MAX_SCHEMA_CHARS = 20_000;
    /** One task's answer in a result, and all of them together. */
    static final int MAX_RESULT_CHARS = 4000;
    static final int TOTAL_RESULT_CHARS = 40_000;
    static final Duration FIRST_INTERVAL = WaitTool.FIRST_INTERVAL;
    static final Duration MAX_INTERVAL = WaitTool.MOVING_INTERVAL;

    /** What to do about a task whose start is unknown. */
    static final String CHECK = "Before starting another task in this browser, look at it (browse_batch_sessions, or"
            + " its live view) to see whether an agent is at work there.";
    /** A round of polls may run past the call's deadline by this much at most. */
    static final Duration POLL_GRACE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(TaskTool.class);

    private final AnchorClient client;
    private final int maxDriven;
    private final LongSupplier nanoTime;
    private final AnchorClient.Sleeper sleeper;

    /** @param nanoTime and {@code sleeper}: the clock, so that tests can move time instead of waiting */
    public TaskTool(AnchorClient client, int maxDriven, LongSupplier nanoTime, AnchorClient.Sleeper sleeper) {
        this.client = client;
        this.maxDriven = maxDriven;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    public static TaskTool forClient(AnchorClient client, int maxDriven) {
        return new TaskTool(client, maxDriven, System::nanoTime, d -> Thread.sleep(d.toMillis()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ToolResult call(Map<String, Object> arguments, ProgressSink progress) {
        TaskAsk ask;
        try {
            ask = TaskAsk.read(arguments, maxDriven, progress != null);
        } catch (IllegalArgumentException e) {
            return ToolResults.error(e.getMessage());
        }
        String advice = ask.collecting() ? "Calling again may work"
                : "Some tasks may have started: look at the browsers (browse_batch_sessions) before starting more";
        return ToolResults.callApi(client, log, "the task call for batch " + ask.batch(), "running tasks in batch "
                + ask.batch(), advice, () -> ask.collecting() ? follow(ask, collected(ask), 0, progress)
                        : start(ask, progress));
    }

    /** One task followed by this call. */
    static final class Task {
        final Integer itemIndex;
        final String sessionId;
        final WorkflowId workflow;
        String status;
        Object result;
        boolean truncated;
        String error;

        Task(Integer itemIndex, String sessionId, WorkflowId workflow, String status, String error) {
            this.itemIndex = itemIndex;
            this.sessionId = sessionId;
            this.workflow = workflow;
            this.status = status;
            this.error = error;
        }

        boolean running() {
            return TaskResult.RUNNING.equals(status);
        }

        boolean started() {
            return workflow != null;
        }
    }

    private ToolResult start(TaskAsk ask, ProgressSink progress) throws InterruptedException {
        int wanted = ask.prompts() != null && ask.sessions() == null ? ask.prompts().size() : maxDriven;
        DrivenSessions.Pick pick = DrivenSessions.pick(client, ask.batch(), ask.sessions(), wanted);
        if (pick.refusal() != null) {
            return pick.refusal();
        }
        DrivenSessions.Choice choice = pick.choice();
        List<DrivenSessions.Driven> driven = choice.sessions();
        if (ask.prompts() != null && ask.prompts().size() != driven.size()) {
            return ToolResults.error(ask.prompts().size() + " prompts for " + driven.size() + " ready sessions of batch "
                    + ask.batch() + ": give one prompt per session. Nothing was started.");
        }
        Duration limit = client.worstCase();
        List<Task> tasks = SessionFanOut.run(choice.positions(), SessionFanOut.PARALLEL, limit,
                i -> startOne(driven.get(i), ask.request(i)),
                i -> new Task(driven.get(i).itemIndex(), driven.get(i).sessionId(), null, TaskResult.UNKNOWN,
                        "whether it started is unknown: no answer came within the call's limit of "
                        + Text.words(limit) + "; it was not sent again. " + CHECK));
        log.info("tasks in batch {}: {} started of {}", ask.batch(), tasks.stream().filter(Task::started).count(),
                tasks.size());
        if (tasks.stream().noneMatch(t -> t.started() || TaskResult.UNKNOWN.equals(t.status))) {
            return ToolResults.error("No task could be started in batch " + ask.batch() + ".\n"
                    + TaskText.render(ask, tasks, choice.readyNotDriven(), null, 0));
        }
        return follow(ask, tasks, choice.readyNotDriven(), progress);
    }

    private Task startOne(DrivenSessions.Driven s, TaskRequest request) throws InterruptedException {
        if (s.id() == null) {
            return new Task(s.itemIndex(), s.sessionId(), null, TaskResult.FAILED,
                    "not started: the API gave this session no usable session id");
        }
        SessionOutcome<WorkflowId> started = client.startTask(s.id(), request);
        if (started instanceof SessionOutcome.Done<WorkflowId> done) {
            return new Task(s.itemIndex(), s.sessionId(), done.value(), TaskResult.RUNNING, null);
        }
        SessionFailure failure = ((SessionOutcome.Failed<WorkflowId>) started).failure();
        if (failure instanceof SessionFailure.Unconfirmed) {
            return new Task(s.itemIndex(), s.sessionId(), null, TaskResult.UNKNOWN, failure.message() + ". " + CHECK);
        }
        return new Task(s.itemIndex(), s.sessionId(), null, TaskResult.FAILED, "not started: " + failure.message());
    }

    /** Collect mode: the tasks an earlier call started, by workflow id; nothing is started. */
    private static List<Task> collected(TaskAsk ask) {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < ask.workflowIds().size(); i++) {
            Integer item = ask.sessions() == null ? null : ask.sessions().get(i);
            tasks.add(new Task(item, null, ask.workflowIds().get(i), TaskResult.RUNNING, null));
        }
        return tasks;
    }

    /** Polls the running tasks until none runs or the time is up; progress each time more have finished. */
    private ToolResult follow(TaskAsk ask, List<Task> tasks, int notDriven, ProgressSink progress)
            throws InterruptedException {
        long deadline = nanoTime.getAsLong() + ask.timeout().toNanos();
        int started = (int) tasks.stream().filter(Task::started).count();
        int finishedSent = -1;
        Duration interval = FIRST_INTERVAL;
        boolean pollNow = ask.collecting(); // a task just started has nothing to say yet
        while (true) {
            if (pollNow) {
                long left = Math.max(deadline - nanoTime.getAsLong(), POLL_GRACE.toNanos());
                poll(tasks.stream().filter(Task::running).toList(), ask.secrets(), Duration.ofNanos(left));
            }
            pollNow = true;
            int finished = (int) tasks.stream().filter(t -> t.started() && !t.running()).count();
            if (progress != null && started > 0 && finished > finishedSent) {
                progress.send(finished, started, finished + " of " + started + " tasks finished");
                finishedSent = finished;
            }
            long remaining = deadline - nanoTime.getAsLong();
            if (tasks.stream().noneMatch(Task::running) || remaining <= 0) {
                break;
            }
            sleeper.sleep(interval.toNanos() > remaining ? Duration.ofNanos(remaining) : interval);
            interval = interval.multipliedBy(3).dividedBy(2);
            interval = interval.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : interval;
        }
        bound(tasks);
        ToolResults.NextCall next = nextCall(ask, tasks);
        TaskResult result = new TaskResult(ask.batch().value(), tasks.stream().map(TaskTool::entry).toList(),
                notDriven, next);
        return new ToolResult(TaskText.render(ask, tasks, notDriven, next, finished(tasks)), result, false);
    }

    private void poll(List<Task> running, Collection<String> secrets, Duration limit) throws InterruptedException {
        List<SessionOutcome<TaskState>> states = SessionFanOut.run(running, SessionFanOut.PARALLEL, limit,
                t -> client.taskStatus(t.workflow, secrets),
                t -> SessionOutcome.failed(new SessionFailure.TimedOut(limit, 1)));
        for (int i = 0; i < running.size(); i++) {
            Task t = running.get(i);
            if (states.get(i) instanceof SessionOutcome.Done<TaskState> done) {
                TaskState s = done.value();
                t.error = null;
                if (s.completed()) {
                    t.status = TaskResult.COMPLETED;
                    t.result = s.result();
                } else if (s.failed()) {
                    t.status = TaskResult.FAILED;
                    t.result = s.result();
                    t.error = s.error() == null ? "the task failed; Anchor gave no reason" : s.error();
                }
            } else {
                SessionFailure f = ((SessionOutcome.Failed<TaskState>) states.get(i)).failure();
                if (f instanceof SessionFailure.Ended || f instanceof SessionFailure.Rejected) {
                    t.status = TaskResult.UNKNOWN; // Anchor does not know this workflow (any more)
                    t.error = "its status could not be read: " + f.message();
                } else {
                    t.error = "its status could not be read this time: " + f.message(); // polled again
                }
            }
        }
    }

    private static int finished(List<Task> tasks) {
        return (int) tasks.stream().filter(t -> TaskResult.COMPLETED.equals(t.status)
                || t.started() && TaskResult.FAILED.equals(t.status)).count();
    }

    /**
     * Each answer within its share of the result: an object as it came, anything else (or an object cut
     * short, flagged) as its text.
     */
    private static void bound(List<Task> tasks) {
        int share = Math.min(MAX_RESULT_CHARS, Math.max(500, TOTAL_RESULT_CHARS / Math.max(1, tasks.size())));
        for (Task t : tasks) {
            if (t.result instanceof JsonNode node) {
                String text = node.isString() ? node.stringValue() : node.toString();
                if (text.length() > share) {
                    t.result = WebContent.clip(text, share);
                    t.truncated = true;
                } else {
                    t.result = node.isObject()
                            ? JsonMapper.shared().treeToValue(node, Map.class) : text;
                }
            }
        }
    }

    /** This tool in collect mode for the tasks still running; null when none is. */
    private static ToolResults.NextCall nextCall(TaskAsk ask, List<Task> tasks) {
        List<Task> running = tasks.stream().filter(Task::running).toList();
        if (running.isEmpty()) {
            return null;
        }
        Map<String, Object> args = new java.util.LinkedHashMap<>();
        args.put("batch_id", ask.batch().value());
        args.put("workflow_ids", running.stream().map(t -> t.workflow.value()).toList());
        if (running.stream().allMatch(t -> t.itemIndex != null)) {
            args.put("sessions", running.stream().map(t -> t.itemIndex).toList());
        }
        return new ToolResults.NextCall(NAME, args);
    }

    private static TaskResult.Entry entry(Task t) {
        return new TaskResult.Entry(t.itemIndex, t.sessionId, t.workflow == null ? null : t.workflow.value(), t.status,
                t.result, t.truncated, t.error);
    }
}
