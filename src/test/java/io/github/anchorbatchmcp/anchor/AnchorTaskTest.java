package io.github.anchorbatchmcp.anchor;

import static io.github.anchorbatchmcp.anchor.AnchorSessionTest.ID;
import static io.github.anchorbatchmcp.anchor.AnchorSessionTest.SESSION;
import static io.github.anchorbatchmcp.anchor.LoopbackApi.KEY;
import static io.github.anchorbatchmcp.anchor.LoopbackApi.apiError;
import static io.github.anchorbatchmcp.anchor.LoopbackApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * AI tasks: a start is billed, so it is sent once whatever happens; its status is a read; secrets stay
 * hidden. And the id checks that keep anything but a valid session or workflow id out of a request path.
 */
class AnchorTaskTest {

    static final String SECRET = "hunter2/P@ss w0rd";
    static final String ENCODED = URLEncoder.encode(SECRET, StandardCharsets.UTF_8).replace("+", "%20");
    static final WorkflowId WORKFLOW = new WorkflowId("wf_01:run.7-a");
    static final String STARTED = "{\"data\": {\"status\": \"running\", \"workflow_id\": \"wf_01:run.7-a\"}}";

    /** The ways a start may have reached the API without an answer that says what happened. */
    enum Unanswered {
        SERVER_ERROR(apiError(500, "Internal server error"), "the Anchor API answered HTTP 500: Internal server error"),
        REQUEST_TIMEOUT(apiError(408, "Request timeout"), "the Anchor API answered HTTP 408: Request timeout"),
        UNAVAILABLE_RETRY_AFTER_ZERO(new MockResponse.Builder(apiError(503, "Unavailable")).setHeader("Retry-After", "0")
                .build(), "the Anchor API answered HTTP 503: Unavailable"),
        NO_ANSWER_IN_TIME(new MockResponse.Builder(json(200, STARTED)).headersDelay(2, TimeUnit.SECONDS).build(),
                "no answer came within 1 second"),
        RESET_MID_RESPONSE(new MockResponse.Builder(json(200, STARTED))
                .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build(),
                "the connection broke before the answer was complete"),
        HANG_UP_WITHOUT_ANSWER(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, false, false))
                .build(), "the connection broke before the answer was complete");

        final MockResponse response;
        final String cause;

        Unanswered(MockResponse response, String cause) {
            this.response = response;
            this.cause = cause;
        }
    }

    private LoopbackApi api;
    private final SessionSaid said = new SessionSaid();

    @BeforeEach
    void start() throws Exception {
        api = new LoopbackApi().start();
        said.neverSay(SECRET);
        said.neverSay(ENCODED);
        api.neverSay(SECRET);
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
        said.check();
    }

    private static TaskRequest withSecret() {
        return new TaskRequest("Log in and read the balance", "https://bank.example/login", 12,
                Map.of("type", "object", "properties", Map.of("balance", Map.of("type", "string"))),
                Map.of("password", SECRET));
    }

    private SessionOutcome<WorkflowId> startTask() throws InterruptedException {
        return api.client().startTask(ID, withSecret());
    }

    private static JsonNode tree(String json) {
        return ResponseParser.JSON.readTree(json);
    }

    // ---- start

    @Test
    void startPostsTheWholeTaskAsyncAndGivesTheWorkflowId() throws Exception {
        api.server.enqueue(json(200, STARTED));
        assertEquals(WORKFLOW, said.done(startTask()));
        RecordedRequest request = api.server.takeRequest();
        assertEquals("POST", request.getMethod());
        assertEquals("/v1/tools/perform-web-task?sessionId=" + SESSION, request.getTarget());
        assertEquals(List.of(KEY), request.getHeaders().values("anchor-api-key"));
        assertEquals("application/json", request.getHeaders().get("Content-Type"));
        assertEquals(tree("{\"prompt\": \"Log in and read the balance\", \"url\": \"https://bank.example/login\","
                + " \"max_steps\": 12, \"output_schema\": {\"type\": \"object\", \"properties\": {\"balance\":"
                + " {\"type\": \"string\"}}}, \"secret_values\": {\"password\": \"" + SECRET + "\"}, \"async\": true}"),
                tree(request.getBody().utf8()));
    }

    @Test
    void aTaskWithoutUrlSchemaOrSecretsSendsNoneOfThem() throws Exception {
        api.server.enqueue(json(201, STARTED));
        said.done(api.client().startTask(ID, new TaskRequest("Read the title", null, 5, null, null)));
        assertEquals(tree("{\"prompt\": \"Read the title\", \"max_steps\": 5, \"async\": true}"),
                tree(api.server.takeRequest().getBody().utf8()));
    }

    @ParameterizedTest
    @EnumSource(Unanswered.class)
    void aStartWithoutAClearAnswerIsUnconfirmedAndSentOnce(Unanswered way) throws Exception {
        api.server.enqueue(way.response);
        api.server.enqueue(json(200, STARTED));
        SessionFailure.Unconfirmed unconfirmed = said.failure(SessionFailure.Unconfirmed.class, startTask());
        assertTrue(unconfirmed.message().startsWith("whether it started is unknown: " + way.cause),
                unconfirmed.message());
        assertTrue(unconfirmed.message().endsWith("; it was not sent again"), unconfirmed.message());
        assertEquals(1, api.server.getRequestCount(), "sent exactly once");
        assertTrue(api.sleeps.isEmpty(), "no second attempt was even planned");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"data\": {\"status\": \"running\"}}", "{\"data\": {\"workflow_id\": \"..\"}}",
        "{\"data\": {\"workflow_id\": \".\"}}", "{\"data\": {\"workflow_id\": \"a/b\"}}",
        "{\"data\": {\"workflow_id\": \"%2e%2e\"}}", "{\"data\": {\"workflow_id\": \"\"}}",
        "{\"data\": {\"workflow_id\": null}}", "{\"data\": \"running\"}", "started", ""})
    void anAcceptedStartWithoutAUsableWorkflowIdIsUnconfirmedAndSentOnce(String body) throws Exception {
        api.server.enqueue(json(200, body));
        api.server.enqueue(json(200, STARTED));
        SessionFailure.Unconfirmed unconfirmed = said.failure(SessionFailure.Unconfirmed.class, startTask());
        assertTrue(unconfirmed.cause().startsWith("the Anchor API accepted the task (HTTP 200) but gave no usable"
                + " workflow_id"), unconfirmed.cause());
        assertEquals(1, api.server.getRequestCount());
    }

    @Test
    void explicitRefusalsAreTheirOwnFailuresAndSentOnce() throws Exception {
        api.server.enqueue(apiError(400, "max_steps must be positive"));
        api.server.enqueue(apiError(401, "Invalid API key"));
        api.server.enqueue(apiError(403, "Forbidden"));
        api.server.enqueue(apiError(404, "Session not found"));
        api.server.enqueue(apiError(429, "Too many requests"));
        api.server.enqueue(new MockResponse.Builder(apiError(429, "Slow down")).setHeader("Retry-After", "600").build());
        AnchorClient client = api.client();
        TaskRequest task = withSecret();
        assertEquals(new SessionFailure.Rejected(400, "max_steps must be positive"),
                said.failure(SessionFailure.Rejected.class, client.startTask(ID, task)));
        assertEquals(401, said.failure(SessionFailure.Unauthorized.class, client.startTask(ID, task)).httpStatus());
        assertEquals(403, said.failure(SessionFailure.Unauthorized.class, client.startTask(ID, task)).httpStatus());
        said.failure(SessionFailure.Ended.class, client.startTask(ID, task));
        assertEquals(new SessionFailure.RateLimited("Too many requests", null, 1),
                said.failure(SessionFailure.RateLimited.class, client.startTask(ID, task)));
        assertEquals(Duration.ofSeconds(600),
                said.failure(SessionFailure.RateLimited.class, client.startTask(ID, task)).retryAfter());
        assertEquals(6, api.server.getRequestCount(), "none was sent twice");
        assertTrue(api.sleeps.isEmpty());
    }

    /** A 429 is a refusal: nothing started, so after the wait it asked for, the start may go again. */
    @Test
    void aRateLimitedStartIsSentAgainAfterTheWaitAskedFor() throws Exception {
        api.server.enqueue(new MockResponse.Builder(apiError(429, "Slow down")).setHeader("Retry-After", "2").build());
        api.server.enqueue(json(200, STARTED));
        assertEquals(WORKFLOW, said.done(startTask()));
        assertEquals(List.of(Duration.ofSeconds(2)), api.sleeps);
        assertEquals(2, api.server.getRequestCount());
    }

    @Test
    void nothingListeningMeansTheTaskWasNeverSent() throws Exception {
        String url = api.baseUrl();
        api.server.close();
        SessionFailure.ConnectionFailed failed = said.failure(SessionFailure.ConnectionFailed.class,
                api.client(url, http -> http, api.sleeps::add).startTask(ID, withSecret()));
        assertEquals("could not reach the Anchor API (connection refused; the task was never sent, 3 attempts)",
                failed.message());
        assertEquals(2, api.sleeps.size());
    }

    @Test
    void theKeyAndTheSecretsEchoedByAStartAreMaskedInEveryFailure() throws Exception {
        String echo = "login with " + SECRET + " (" + ENCODED + ") under key " + KEY + " failed";
        String masked = "login with *** (***) under key *** failed";
        api.server.enqueue(apiError(400, echo));
        api.server.enqueue(apiError(500, echo));
        api.server.enqueue(json(200, "{\"data\": {\"workflow_id\": \"wf-" + SECRET + "\"}}"));
        api.server.enqueue(json(200, "{\"data\": {\"workflow_id\": \"" + KEY + "\"}}"));
        api.server.enqueue(json(200, SECRET + " is not JSON"));
        AnchorClient client = api.client();
        assertEquals(masked, said.failure(SessionFailure.Rejected.class, client.startTask(ID, withSecret())).apiMessage());
        assertTrue(said.failure(SessionFailure.Unconfirmed.class, client.startTask(ID, withSecret())).cause()
                .endsWith(masked));
        for (int i = 0; i < 3; i++) {
            said.failure(SessionFailure.Unconfirmed.class, client.startTask(ID, withSecret()));
        }
        assertEquals(5, api.server.getRequestCount());
    }

    // ---- status

    @Test
    void statusGetsTheWorkflowsPathAndReadsRunning() throws Exception {
        api.server.enqueue(json(200, "{\"data\": {\"status\": \"RUNNING\"}}"));
        TaskState state = said.done(api.client().taskStatus(WORKFLOW, List.of()));
        assertEquals(new TaskState("RUNNING", null, null), state);
        assertTrue(state.running());
        RecordedRequest request = api.server.takeRequest();
        assertEquals("GET", request.getMethod());
        assertEquals("/v1/tools/perform-web-task/wf_01:run.7-a/status", request.getTarget());
        assertEquals(List.of(KEY), request.getHeaders().values("anchor-api-key"));
    }

    @Test
    void aCompletedTaskGivesItsResult() throws Exception {
        api.server.enqueue(json(200, "{\"data\": {\"status\": \"COMPLETED\", \"result\": {\"balance\": \"12.50\","
                + " \"items\": [1, \"two\"]}, \"error\": null}}"));
        TaskState state = said.done(api.client().taskStatus(WORKFLOW, List.of()));
        assertTrue(state.completed());
        assertEquals(tree("{\"balance\": \"12.50\", \"items\": [1, \"two\"]}"), state.result());
        assertNull(state.error());
    }

    @Test
    void aFailedTaskGivesItsError() throws Exception {
        api.server.enqueue(json(200, "{\"data\": {\"status\": \"FAILED\", \"result\": null, \"error\": \"Step limit"
                + " reached\"}}"));
        TaskState state = said.done(api.client().taskStatus(WORKFLOW, List.of()));
        assertEquals(new TaskState("FAILED", null, "Step limit reached"), state);
        assertTrue(state.failed());
        assertFalse(state.running());
    }

    @Test
    void everyStringOfTheStatusIsScrubbedOfTheKeyAndTheSecrets() throws Exception {
        api.server.enqueue(json(200, "{\"data\": {\"status\": \"COMPLETED\", \"result\": {\"note\": \"typed " + SECRET
                + "\", \"steps\": [{\"url\": \"https://bank.example/?p=" + ENCODED + "\"}, \"" + KEY + "\"],"
                + " \"" + SECRET + "\": \"named after it\"}, \"error\": \"key " + KEY + ", password " + SECRET + "\"}}"));
        TaskState state = said.done(api.client().taskStatus(WORKFLOW, withSecret().secrets()));
        assertEquals(tree("{\"note\": \"typed ***\", \"steps\": [{\"url\": \"https://bank.example/?p=***\"}, \"***\"],"
                + " \"***\": \"named after it\"}"), state.result());
        assertEquals("key ***, password ***", state.error());
    }

    @Test
    void statusIsAskedAgainAfterAServerErrorAndAReset() throws Exception {
        api.server.enqueue(apiError(502, "Bad gateway"));
        api.server.enqueue(new MockResponse.Builder(json(200, "{\"data\": {\"status\": \"RUNNING\"}}"))
                .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
        api.server.enqueue(json(200, "{\"data\": {\"status\": \"COMPLETED\", \"result\": {}}}"));
        assertTrue(said.done(api.client().taskStatus(WORKFLOW, List.of())).completed());
        assertEquals(3, api.server.getRequestCount());
        assertEquals(2, api.sleeps.size());
    }

    @Test
    void statusFailuresAreTheReadOnesWithTheSecretsMasked() throws Exception {
        api.server.enqueue(apiError(404, "Workflow not found"));
        for (int i = 0; i < 3; i++) {
            api.server.enqueue(apiError(500, "failed typing " + SECRET));
        }
        api.server.enqueue(json(200, "{\"status\": \"RUNNING\"}"));
        AnchorClient client = api.client();
        List<String> secrets = List.of(SECRET);
        assertEquals(new SessionFailure.Ended("Workflow not found"),
                said.failure(SessionFailure.Ended.class, client.taskStatus(WORKFLOW, secrets)));
        assertEquals(new SessionFailure.ServerError(500, "failed typing ***", 3),
                said.failure(SessionFailure.ServerError.class, client.taskStatus(WORKFLOW, secrets)));
        assertEquals(new SessionFailure.BadResponse(200, "a body that is not the documented task status (it has no"
                + " \"data\")"), said.failure(SessionFailure.BadResponse.class, client.taskStatus(WORKFLOW, secrets)));
        assertEquals(5, api.server.getRequestCount());
    }

    // ---- ids and the request itself

    @Test
    void aSessionIdIsALowerCaseCanonicalUuidOnly() {
        assertEquals(SESSION, SessionId.orNull(SESSION).value());
        for (String bad : Arrays.asList(null, "", SESSION.toUpperCase(), SESSION.replace("-", ""), SESSION + "\n",
                " " + SESSION, "../" + SESSION.substring(3), SESSION.substring(0, 35) + "/", "{" + SESSION + "}")) {
            assertNull(SessionId.orNull(bad), String.valueOf(bad));
            assertThrows(IllegalArgumentException.class, () -> new SessionId(bad));
        }
    }

    @Test
    void aWorkflowIdIsLettersDigitsAndDotUnderscoreColonHyphenOnly() {
        for (String good : List.of("a", "7", "wf_01:run.7-a", "A..b", "x".repeat(200))) {
            assertEquals(good, WorkflowId.orNull(good).value());
        }
        for (String bad : Arrays.asList(null, "", ".", "..", "a/b", "%2e", "%2e%2e", "x".repeat(201), "-a", "_a",
                ":a", "a b", "a?b", "a#b", "a\\b", "a\n", "é")) {
            assertNull(WorkflowId.orNull(bad), String.valueOf(bad));
            assertThrows(IllegalArgumentException.class, () -> new WorkflowId(bad));
        }
    }

    @Test
    void aTaskRequestNeverPrintsItsPromptOrSecrets() {
        TaskRequest task = new TaskRequest("Type " + SECRET + " into the password field", null, 8, null,
                Map.of("password", SECRET));
        assertEquals("TaskRequest[prompt=" + task.prompt().length() + " characters, url=current page, maxSteps=8, outputSchema=none,"
                + " secretValues=1]", task.toString());
        assertEquals(List.of(SECRET), List.copyOf(task.secrets()));
        assertThrows(IllegalArgumentException.class, () -> new TaskRequest(" ", null, 1, null, null));
    }
}
