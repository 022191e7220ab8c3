package io.github.anchorbatchmcp.tools;

import static io.github.anchorbatchmcp.tools.BrowseToolTest.requests;
import static io.github.anchorbatchmcp.tools.FakeBrowsers.BATCH;
import static io.github.anchorbatchmcp.tools.FakeBrowsers.TASKS;
import static io.github.anchorbatchmcp.tools.FakeBrowsers.sessionId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.Config;
import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.anchor.RetryPolicy;
import io.github.anchorbatchmcp.demo.DemoApi;
import io.github.anchorbatchmcp.demo.DemoBatches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * run_task_in_batch_sessions on a clock the test owns (the fake API's tasks end on it, and the tool's
 * waits advance it): what it refuses before any request, what it starts, that a start whose answer is
 * lost is never sent again, the time-out and collect mode, bounded answers, secrets and cancellation.
 */
class TaskToolTest extends FakeBrowsersTest {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    @Override
    LongSupplier clock() {
        return now::get;
    }

    private TaskTool tool() {
        return new TaskTool(api.client(), 10, now::get, d -> {
            pauses.add(d);
            now.addAndGet(d.toNanos());
        });
    }

    private ToolResult run(Object... pairs) {
        return tool().call(args(pairs), null);
    }

    static TaskResult ok(ToolResult result) {
        assertFalse(result.isError(), result::text);
        OutputSchema.assertValid(TaskTool.NAME, result.structuredContent());
        assertFalse(result.text().contains(MockAnchor.KEY));
        return assertInstanceOf(TaskResult.class, result.structuredContent());
    }

    private static List<RecordedRequest> starts(List<RecordedRequest> requests) {
        return requests.stream().filter(r -> r.getMethod().equals("POST") && r.getUrl().encodedPath().equals(TASKS))
                .toList();
    }

    private static String startTarget(int item) {
        return TASKS + "?sessionId=" + sessionId(item);
    }

    private static int itemOf(String session) {
        return Integer.parseInt(session.substring(session.length() - 12));
    }

    // ---- refused before any request

    static Stream<Arguments> refusals() {
        List<String> eleven = Collections.nCopies(11, "Find the price");
        return Stream.of(
                Arguments.of(Map.of(), "Give prompt (the same task for every session) or prompts (one per session),"
                        + " or workflow_ids"),
                Arguments.of(Map.of("prompt", "a", "prompts", List.of("a")), "Give prompt or prompts, not both."),
                Arguments.of(Map.of("prompt", ""), "prompt is empty"),
                Arguments.of(Map.of("prompt", " \n\t"), "prompt is empty"),
                Arguments.of(Map.of("prompts", List.of("fine", "  ")), "prompts[1] is empty"),
                Arguments.of(Map.of("prompts", List.of()), "prompts is empty"),
                Arguments.of(Map.of("prompt", "x".repeat(10_001)), "prompt is 10001 characters long"),
                Arguments.of(Map.of("prompts", List.of("a", "b"), "sessions", List.of(0, 1, 2)),
                        "2 prompts for 3 sessions: give one prompt per session named in sessions."),
                Arguments.of(Map.of("prompts", eleven), "11 prompts for 10 sessions"),
                Arguments.of(Map.of("workflow_ids", List.of("wf-1"), "prompt", "a"), "leave prompt out"),
                Arguments.of(Map.of("workflow_ids", List.of("wf-1"), "prompts", List.of("a")), "leave prompts out"),
                Arguments.of(Map.of("workflow_ids", List.of("wf-1"), "url", "https://a.example/"), "leave url out"),
                Arguments.of(Map.of("workflow_ids", List.of("wf-1"), "output_schema", Map.of("type", "object")),
                        "leave output_schema out"),
                Arguments.of(Map.of("workflow_ids", List.of("wf-1"), "max_steps", 5), "leave max_steps out"),
                Arguments.of(Map.of("workflow_ids", List.of("../x")), "workflow_ids[0] is not a workflow id"),
                Arguments.of(Map.of("workflow_ids", List.of("wf-1", "a/b")), "workflow_ids[1] is not a workflow id"),
                Arguments.of(Map.of("workflow_ids", List.of("")), "workflow_ids[0] is not a workflow id"),
                Arguments.of(Map.of("workflow_ids", List.of("wf-1", "wf-1")), "workflow_ids names a task twice."),
                Arguments.of(Map.of("workflow_ids", List.of()), "workflow_ids must name 1 to 10 tasks (got 0)."),
                Arguments.of(Map.of("workflow_ids", List.of("wf-1"), "sessions", List.of(0, 1)),
                        "sessions names 2 items for 1 workflow_ids"),
                Arguments.of(Map.of("prompt", "a", "max_steps", 0), "max_steps must be a whole number from 1 to 100"),
                Arguments.of(Map.of("prompt", "a", "max_steps", 101), "max_steps must be a whole number from 1 to 100"),
                Arguments.of(Map.of("prompt", "a", "max_steps", 2.5), "max_steps must be a whole number from 1 to 100"),
                Arguments.of(Map.of("prompt", "a", "timeout_seconds", 0), "timeout_seconds must be a whole number"),
                Arguments.of(Map.of("prompt", "a", "url", "javascript:alert(1)"), "javascript: URLs are not opened"),
                Arguments.of(Map.of("prompt", "a", "url", "example.com"), "add https:// in front"),
                Arguments.of(Map.of("prompt", "a", "output_schema", "an object"), "output_schema must be an object"),
                Arguments.of(Map.of("prompt", "a", "sessions", List.of(1, 1)), "names item 1 twice"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void badArgumentsAreRefusedBeforeAnyRequest(Map<String, Object> given, String says) {
        Map<String, Object> all = args();
        all.putAll(given);
        ToolResult result = tool().call(all, null);
        assertTrue(result.isError(), result::text);
        assertNull(result.structuredContent());
        assertTrue(result.text().contains(says), () -> "\"" + says + "\" in: " + result.text());
        assertEquals(0, api.server.getRequestCount());
    }

    static final String SECRET = "hunter2-Xq9";

    static Stream<Object> badSecrets() {
        return Stream.of(SECRET, List.of(SECRET), Map.of("password", 12345), Map.of("password", List.of(SECRET)),
                Map.of("bad name " + SECRET, SECRET), Map.of("password", ""),
                Map.of("password", SECRET + "x".repeat(1000)));
    }

    @ParameterizedTest
    @MethodSource("badSecrets")
    void secretValuesThatAreNotAnObjectOfStringsAreRefusedWithoutQuotingThem(Object secrets) {
        ToolResult result = run("prompt", "Log in", "secret_values", secrets);
        assertTrue(result.isError());
        assertTrue(result.text().startsWith("secret_values"), result.text());
        assertFalse(result.text().contains(SECRET), result.text());
        assertFalse(result.text().contains("12345"), result.text());
        assertEquals(0, api.server.getRequestCount());
    }

    // ---- what is started, and how it is followed

    @Test
    void eachSessionGetsOneAsyncTaskWithMaxSteps25SentExplicitly() throws Exception {
        TaskResult r = ok(run("prompt", "Find the price of the demo widget"));

        List<RecordedRequest> requests = requests(api);
        assertEquals("GET /v1/batch-sessions/" + BATCH, requests.get(0).getMethod() + " " + requests.get(0).getTarget());
        List<RecordedRequest> starts = starts(requests);
        assertEquals(List.of(startTarget(0), startTarget(1), startTarget(2)),
                starts.stream().map(RecordedRequest::getTarget).sorted().toList(), "one start per session");
        for (RecordedRequest s : starts) {
            assertEquals(MockAnchor.json("{\"prompt\": \"Find the price of the demo widget\", \"max_steps\": 25,"
                    + " \"async\": true}"), MockAnchor.body(s));
        }
        int lastStart = requests.indexOf(starts.get(2));
        for (RecordedRequest q : requests.subList(lastStart + 1, requests.size())) {
            assertEquals("GET", q.getMethod(), "after the starts, only polls: " + q.getTarget());
            assertTrue(q.getTarget().matches(TASKS.replace(".", "\\.") + "/wf-[0-9]+-[0-9a-f-]{36}/status"),
                    q.getTarget());
        }
        assertEquals(3, r.tasks().size());
        for (int i = 0; i < 3; i++) {
            TaskResult.Entry t = r.tasks().get(i);
            assertEquals(i, t.itemIndex());
            assertEquals(sessionId(i), t.sessionId());
            assertEquals(TaskResult.COMPLETED, t.status());
            assertTrue(t.workflowId().endsWith(sessionId(i)), t.workflowId());
            assertEquals(Map.of("answer", "done: Find the price of the demo widget", "session", sessionId(i)),
                    t.result(), "the agent's answer, passed through");
            assertFalse(t.resultTruncated());
            assertNull(t.error());
        }
        assertTrue(browsers.polledAfterTheEnd.isEmpty(), "no poll after a task was over: " + browsers.polledAfterTheEnd);
        assertNull(r.nextCall());
        assertTrue(pauses.stream().mapToLong(Duration::toMillis).sum() >= 3000, "waited on the clock until the"
                + " tasks were over: " + pauses);
    }

    @Test
    void urlOutputSchemaAndSecretValuesAreSentWhenGiven() throws Exception {
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("price", Map.of("type", "number")));
        ok(run("prompt", "Find the price", "url", "https://shop.example/widget", "output_schema", schema,
                "max_steps", 7, "secret_values", Map.of("PASSWORD", SECRET), "sessions", List.of(1)));
        List<RecordedRequest> starts = starts(requests(api));
        assertEquals(1, starts.size());
        assertEquals(startTarget(1), starts.get(0).getTarget());
        assertEquals(MockAnchor.json("{\"prompt\": \"Find the price\", \"url\": \"https://shop.example/widget\","
                + " \"max_steps\": 7, \"output_schema\": {\"type\": \"object\", \"properties\": {\"price\":"
                + " {\"type\": \"number\"}}}, \"secret_values\": {\"PASSWORD\": \"" + SECRET + "\"}, \"async\": true}"),
                MockAnchor.body(starts.get(0)));
    }

    @Test
    void theIthPromptGoesToTheIthSessionNamed() throws Exception {
        TaskResult r = ok(run("sessions", List.of(2, 0), "prompts", List.of("for two", "for zero")));
        Map<String, String> promptBySession = new HashMap<>();
        for (RecordedRequest s : starts(requests(api))) {
            promptBySession.put(s.getUrl().queryParameter("sessionId"), MockAnchor.body(s).path("prompt").asString());
        }
        assertEquals(Map.of(sessionId(2), "for two", sessionId(0), "for zero"), promptBySession);
        assertEquals(List.of(2, 0), r.tasks().stream().map(TaskResult.Entry::itemIndex).toList());
        assertEquals(Map.of("answer", "done: for two", "session", sessionId(2)), r.tasks().get(0).result());
        assertEquals(1, r.readySessionsNotDriven());
    }

    @Test
    void aFailedTaskAndAnAgentsOwnAccountOfFailureArePassedThrough() {
        browsers.tasksAnswer((prompt, session) -> Map.of("success", false, "reason", "the page asked for a login"));
        browsers.answer(q -> q.getUrl().encodedPath().endsWith(sessionId(1) + "/status")
                ? MockAnchor.json(200, "{\"data\": {\"status\": \"FAILED\", \"error\": \"Max steps reached\"}}") : null);
        ToolResult result = run("prompt", "Buy it");
        TaskResult r = ok(result);
        assertEquals(TaskResult.COMPLETED, r.tasks().get(0).status(), "COMPLETED as Anchor says, whatever the agent says");
        assertEquals(Map.of("success", false, "reason", "the page asked for a login"), r.tasks().get(0).result());
        assertEquals(TaskResult.FAILED, r.tasks().get(1).status());
        assertEquals("Max steps reached", r.tasks().get(1).error());
        assertTrue(result.text().contains("- item 1 (session " + sessionId(1) + "), workflow "
                + r.tasks().get(1).workflowId() + ": failed: Max steps reached"), result.text());
        assertTrue(result.text().contains("3 finished, 0 still running."), result.text());
    }

    @Test
    void progressIsSentEachTimeATaskFinishesAndNeverAfterTheResult() {
        // Items finish 3, 6 and 9 s after they started: each between two polls of its own.
        browsers.tasksRunFor(session -> Duration.ofSeconds(3L * (1 + itemOf(session))).toNanos());
        List<double[]> events = new CopyOnWriteArrayList<>();
        List<String> messages = new CopyOnWriteArrayList<>();
        ToolResult result = tool().call(args("prompt", "Find the price"), (p, total, message) -> {
            events.add(new double[] {p, total == null ? -1 : total});
            messages.add(message);
        });
        int atReturn = events.size();
        ok(result);

        List<Double> values = events.stream().map(e -> e[0]).toList();
        for (int i = 1; i < values.size(); i++) {
            assertTrue(values.get(i) > values.get(i - 1), "strictly increasing: " + values);
        }
        assertTrue(values.containsAll(List.of(1.0, 2.0, 3.0)), "one notification per task finished: " + values);
        assertEquals(3.0, values.get(values.size() - 1));
        events.forEach(e -> assertEquals(3.0, e[1], "total: the tasks started"));
        assertEquals("3 of 3 tasks finished", messages.get(messages.size() - 1));
        assertEquals(atReturn, events.size(), "nothing after the result");
    }

    // ---- a start whose answer is lost is never sent again

    enum Lost {
        SERVER_ERROR(MockAnchor.error(500, "Internal server error"), "the Anchor API answered HTTP 500: Internal"
                + " server error"),
        TIME_OUT(new MockResponse.Builder(MockAnchor.json(200, "{\"data\": {\"status\": \"running\", \"workflow_id\":"
                + " \"wf-late\"}}")).headersDelay(3, TimeUnit.SECONDS).build(), "no answer came within 1 second"),
        RESET(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, false, false)).build(),
                "the connection broke before the answer was complete");

        final MockResponse response;
        final String cause;

        Lost(MockResponse response, String cause) {
            this.response = response;
            this.cause = cause;
        }
    }

    @ParameterizedTest
    @EnumSource(Lost.class)
    void aStartWhoseAnswerIsLostIsUnknownAndNeverSentAgainWhileTheOthersGoOn(Lost lost) throws Exception {
        browsers.answer("POST", startTarget(1), lost.response);
        List<double[]> events = new CopyOnWriteArrayList<>();
        ToolResult result = tool().call(args("prompt", "Find the price"),
                (p, total, message) -> events.add(new double[] {p, total}));
        TaskResult r = ok(result);

        List<RecordedRequest> starts = starts(requests(api));
        assertEquals(1, starts.stream().filter(s -> s.getTarget().equals(startTarget(1))).count(),
                "exactly one start reached the API for item 1");
        assertEquals(3, starts.size(), "one per session");
        TaskResult.Entry unknown = r.tasks().get(1);
        assertEquals(TaskResult.UNKNOWN, unknown.status());
        assertNull(unknown.workflowId());
        assertTrue(unknown.error().startsWith("whether it started is unknown: " + lost.cause), unknown.error());
        assertTrue(unknown.error().endsWith("; it was not sent again. Before starting another task in this browser,"
                + " look at it (browse_batch_sessions, or its live view) to see whether an agent is at work there."),
                unknown.error());
        assertEquals(TaskResult.COMPLETED, r.tasks().get(0).status());
        assertEquals(TaskResult.COMPLETED, r.tasks().get(2).status());
        assertTrue(result.text().contains("Started 2 of 3 AI tasks"), result.text());
        assertTrue(result.text().contains(": unknown: whether it started is unknown"), result.text());
        events.forEach(e -> assertEquals(2.0, e[1], "total: the tasks known to have started"));
    }

    @Test
    void startsTheApiRefusedAreFailedAndWhenNoneStartedTheCallIsAnError() throws Exception {
        browsers.answer(q -> q.getMethod().equals("POST") ? MockAnchor.error(400, "Invalid prompt") : null);
        ToolResult result = run("prompt", "Find the price");
        assertTrue(result.isError());
        assertTrue(result.text().startsWith("No task could be started in batch " + BATCH + "."), result.text());
        assertTrue(result.text().contains(": failed: not started: the Anchor API refused the request (HTTP 400:"
                + " Invalid prompt)"), result.text());
        assertEquals(3, starts(requests(api)).size());
    }

    @Test
    void aTaskAnchorNoLongerKnowsIsUnknown() {
        browsers.answer(q -> q.getUrl().encodedPath().endsWith(sessionId(0) + "/status")
                ? MockAnchor.error(404, "Workflow not found") : null);
        TaskResult r = ok(run("prompt", "Find the price"));
        assertEquals(TaskResult.UNKNOWN, r.tasks().get(0).status());
        assertTrue(r.tasks().get(0).error().startsWith("its status could not be read: "), r.tasks().get(0).error());
        assertEquals(TaskResult.COMPLETED, r.tasks().get(1).status());
    }

    // ---- the time-out, and collect mode

    @Test
    void tasksStillRunningAtTheTimeOutComeWithANextCallThatCollectsWithoutStartingAny() throws Exception {
        browsers.tasksRunFor(session -> Duration.ofSeconds(10).toNanos());
        ToolResult first = run("prompt", "Find the price", "timeout_seconds", 3);
        TaskResult r = ok(first);
        assertEquals(3000, pauses.stream().mapToLong(Duration::toMillis).sum(), "all of timeout_seconds: " + pauses);
        List<String> ids = new ArrayList<>();
        for (TaskResult.Entry t : r.tasks()) {
            assertEquals(TaskResult.RUNNING, t.status());
            assertNotNull(t.workflowId());
            ids.add(t.workflowId());
        }
        ToolResults.NextCall next = r.nextCall();
        assertNotNull(next);
        assertEquals(TaskTool.NAME, next.tool());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("batch_id", BATCH);
        expected.put("workflow_ids", ids);
        expected.put("sessions", List.of(0, 1, 2));
        assertEquals(expected, next.arguments());
        assertTrue(first.text().contains("0 finished, 3 still running after 3 seconds."), first.text());
        assertTrue(first.text().contains("call " + next.text() + " to collect them. It starts nothing."), first.text());
        assertEquals(3, starts(requests(api)).size());

        @SuppressWarnings("unchecked")
        Map<String, Object> asAClientSendsIt = JSON.readValue(JSON.writeValueAsString(next.arguments()), Map.class);
        ToolResult second = tool().call(asAClientSendsIt, null);
        TaskResult c = ok(second);
        List<RecordedRequest> collecting = requests(api);
        assertEquals(List.of(), starts(collecting), "collect mode starts nothing");
        assertTrue(collecting.stream().allMatch(q -> q.getMethod().equals("GET") && q.getTarget().endsWith("/status")),
                "only polls, not even the batch");
        assertEquals(ids, c.tasks().stream().map(TaskResult.Entry::workflowId).toList());
        assertEquals(List.of(0, 1, 2), c.tasks().stream().map(TaskResult.Entry::itemIndex).toList());
        for (int i = 0; i < 3; i++) {
            assertEquals(TaskResult.COMPLETED, c.tasks().get(i).status());
            assertEquals(Map.of("answer", "done: Find the price", "session", sessionId(i)), c.tasks().get(i).result());
        }
        assertNull(c.nextCall());
        assertTrue(second.text().startsWith("Collected 3 tasks in batch " + BATCH + ": 3 finished"), second.text());
    }

    // ---- bounded answers, and secrets

    @Test
    void aHugeAnswerIsCutAndFlagged() {
        List<Map<String, Object>> rows = IntStream.range(0, 2000)
                .mapToObj(i -> Map.<String, Object>of("row", i, "name", "x".repeat(40))).toList();
        browsers.tasksAnswer((prompt, session) -> Map.of("rows", rows));
        ToolResult result = run("prompt", "List everything");
        TaskResult r = ok(result);
        for (TaskResult.Entry t : r.tasks()) {
            String cut = assertInstanceOf(String.class, t.result(), "a cut answer is its JSON text");
            assertEquals(4000, cut.length());
            assertTrue(cut.startsWith("{\"rows\":[{"), cut.substring(0, 20));
            assertTrue(t.resultTruncated());
        }
        assertTrue(result.text().contains("its agent's own account, cut short"), result.text());
        assertTrue(result.text().length() < 3 * 4000 + 3000, "the text is bounded: " + result.text().length());
        assertTrue(JSON.writeValueAsString(result.structuredContent()).length() < 3 * 4500 + 2000);
    }

    @Test
    void secretValuesNeverAppearInTheResultEvenWhenTheApiEchoesThem() throws Exception {
        browsers.tasksAnswer((prompt, session) -> Map.of("answer", "logged in with " + SECRET, "by " + SECRET, 1));
        browsers.answer(q -> q.getUrl().encodedPath().endsWith(sessionId(1) + "/status")
                ? MockAnchor.json(200, "{\"data\": {\"status\": \"FAILED\", \"error\": \"wrong password " + SECRET
                        + "\", \"result\": {\"typed\": \"" + SECRET + "\"}}}") : null);
        ToolResult result = run("prompt", "Log in", "secret_values", Map.of("PASSWORD", SECRET));
        TaskResult r = ok(result);

        String structured = JSON.writeValueAsString(result.structuredContent());
        assertFalse(result.text().contains(SECRET), result.text());
        assertFalse(structured.contains(SECRET), structured);
        assertEquals(Map.of("answer", "logged in with ***", "by ***", 1), r.tasks().get(0).result());
        assertEquals("wrong password ***", r.tasks().get(1).error());
        assertTrue(result.text().contains("logged in with ***"), result.text());
        assertEquals(3, starts(requests(api)).size(), "the secret went to the API, which needs it");
    }

    // ---- cancellation, and a batch that cannot be driven

    @Test
    void cancellingStopsThePollingAndKeepsTheInterrupt() throws Exception {
        AtomicInteger sleeps = new AtomicInteger();
        TaskTool tool = new TaskTool(api.client(), 10, now::get, d -> {
            if (sleeps.incrementAndGet() == 2) {
                throw new InterruptedException("the client cancelled the call");
            }
            now.addAndGet(d.toNanos());
        });
        ToolResult result = tool.call(args("prompt", "Find the price"), null);
        assertTrue(Thread.interrupted(), "the interrupt is kept");
        assertTrue(result.isError());
        assertTrue(result.text().endsWith(" was cancelled."), result.text());

        List<RecordedRequest> requests = requests(api);
        long polls = requests.stream().filter(q -> q.getTarget().endsWith("/status")).count();
        assertEquals(3, polls, "one round of polls before the cancellation, none after");
        assertEquals(1 + 3 + 3, requests.size());
    }

    @Test
    void anUnknownBatchIsAnErrorAndStartsNothing() throws Exception {
        browsers.answer("GET", "/v1/batch-sessions/" + BATCH, MockAnchor.error(404, "Batch not found"));
        ToolResult result = run("prompt", "Find the price");
        assertTrue(result.isError());
        assertTrue(result.text().contains("HTTP 404"), result.text());
        assertEquals(1, requests(api).size());
    }

    @Test
    void aBatchWithNoReadyBrowserSaysToWaitFirst() throws Exception {
        serve(FakeBrowsers.batch("processing", "pending", "processing"));
        ToolResult result = run("prompt", "Find the price");
        assertTrue(result.isError());
        assertTrue(result.text().contains("wait first, with wait_for_batch_sessions"), result.text());
        assertEquals(1, requests(api).size());
    }

    @Test
    void morePromptsThanReadySessionsIsAnErrorAfterOnlyTheBatchRead() throws Exception {
        ToolResult result = run("prompts", List.of("a", "b", "c", "d"));
        assertTrue(result.isError());
        assertTrue(result.text().startsWith("4 prompts for 3 ready sessions of batch " + BATCH + ": give one prompt per"
                + " session. Nothing was started."), result.text());
        assertEquals(1, requests(api).size());
    }

    @Test
    void againstTheSimulatorEachTaskAnswersWhatItWasAskedAndAnImpossibleOneFails() throws Exception {
        try (DemoApi demo = DemoApi.start(now::get)) {
            Config config = Config.fromEnv(Map.of("ANCHOR_API_KEY", DemoApi.KEY, "ANCHOR_BASE_URL",
                    demo.baseUrl().toString()));
            TaskTool tool = new TaskTool(new AnchorClient(config.api(), RetryPolicy.withRetries(0),
                    () -> AnchorClient.defaultHttp(config.api()), d -> { }), 10, now::get, d -> now.addAndGet(d.toNanos()));
            Map<String, Object> args = args("prompts", List.of("Find the price", "Do the impossible", "Read the title"),
                    "url", "https://example.com/");
            args.put("batch_id", DemoBatches.COMPLETED);
            TaskResult r = ok(tool.call(args, null));
            assertEquals(List.of(TaskResult.COMPLETED, TaskResult.FAILED, TaskResult.COMPLETED),
                    r.tasks().stream().map(TaskResult.Entry::status).toList());
            @SuppressWarnings("unchecked")
            Map<String, Object> answer = (Map<String, Object>) r.tasks().get(0).result();
            assertEquals("Done: Find the price on https://example.com/ (Example Domain)", answer.get("answer"));
            assertTrue(r.tasks().get(1).error().startsWith("The agent could not complete the task"),
                    r.tasks().get(1).error());
        }
    }
}
