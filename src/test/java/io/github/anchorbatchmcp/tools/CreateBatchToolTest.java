package io.github.anchorbatchmcp.tools;

import static io.github.anchorbatchmcp.tools.MockAnchor.body;
import static io.github.anchorbatchmcp.tools.MockAnchor.json;
import static io.github.anchorbatchmcp.tools.MockAnchor.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.anchor.CallFailure;
import io.github.anchorbatchmcp.anchor.CreateOutcome;
import io.github.anchorbatchmcp.anchor.Fixtures;
import io.github.anchorbatchmcp.anchor.Operation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** create_batch_sessions's handler against a loopback API: what it sends, what it answers, what it refuses. */
class CreateBatchToolTest {

    /** The batch in the created fixture. */
    static final String CREATED = "7b2d3e4f-1a2b-4c3d-8e9f-0a1b2c3d4e5f";

    private MockAnchor api;

    @BeforeEach
    void start() throws Exception {
        api = new MockAnchor().start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private CreateBatchTool tool(Map<String, String> env) {
        return new CreateBatchTool(api.client(api.config(env)), api.config(env).maxBatchSize());
    }

    private CreateBatchTool tool() {
        return tool(Map.of());
    }

    private static Map<String, Object> args(Object... pairs) {
        Map<String, Object> args = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            args.put((String) pairs[i], pairs[i + 1]);
        }
        return args;
    }

    private static void assertRefused(ToolResult result, String startsWith) {
        assertTrue(result.isError(), result::text);
        assertNull(result.structuredContent());
        assertTrue(text(result).startsWith(startsWith), result.text());
    }

    @Test
    void everyFlatArgumentLandsInItsPlaceInTheNestedConfiguration() throws Exception {
        api.enqueue(200, Fixtures.body("created"));
        tool().call(args("count", 5, "initial_url", "https://example.com/start", "tags", List.of("prices", "eu"),
                "recording", false, "proxy_country", "de", "max_duration", 30, "idle_timeout", 2, "headless", true,
                "viewport_width", 1280, "viewport_height", 720, "metadata", Map.of("job", "prices", "run", 7)), null);

        RecordedRequest request = api.take();
        assertEquals("POST", request.getMethod());
        assertEquals("/v1/batch-sessions", request.getTarget());
        assertEquals(json("""
                {"count": 5,
                 "configuration": {
                   "session": {
                     "initial_url": "https://example.com/start",
                     "tags": ["prices", "eu"],
                     "recording": {"active": false},
                     "proxy": {"active": true, "type": "anchor_proxy", "country_code": "de"},
                     "timeout": {"max_duration": 30, "idle_timeout": 2}},
                   "browser": {
                     "headless": {"active": true},
                     "viewport": {"width": 1280, "height": 720}}},
                 "metadata": {"job": "prices", "run": 7}}"""), body(request));
    }

    @Test
    void aCountAloneIsSentWithoutConfigurationOrMetadata() throws Exception {
        api.enqueue(200, Fixtures.body("created"));
        tool().call(args("count", 2), null);
        assertEquals(json("{\"count\": 2}"), body(api.take()));
    }

    @Test
    void oneViewportSideIsSentAloneAndTheApiKeepsItsDefaultForTheOther() throws Exception {
        api.enqueue(200, Fixtures.body("created"));
        tool().call(args("count", 1, "viewport_width", 800), null);
        assertEquals(json("{\"count\": 1, \"configuration\": {\"browser\": {\"viewport\": {\"width\": 800}}}}"),
                body(api.take()));
    }

    @Test
    void anArgumentOutsideTheSchemaNeverReachesTheApi() throws Exception {
        api.enqueue(200, Fixtures.body("created"));
        tool().call(args("count", 1, "proxy", Map.of("type", "custom", "password", "hunter2"),
                "configuration", Map.of("browser", Map.of("extensions", List.of("x")))), null);
        assertEquals(json("{\"count\": 1}"), body(api.take()));
    }

    @Test
    void theResultNamesTheBatchAndTheExactWaitCallToMakeNext() {
        api.enqueue(201, Fixtures.body("created"));
        ToolResult result = tool().call(args("count", 5), null);

        assertFalse(result.isError(), result::text);
        OutputSchema.assertValid(CreateBatchTool.NAME, result.structuredContent());
        assertEquals(json("""
                {"batch_id": "%s", "status": "pending", "count": 5, "created_at": "2026-11-28T12:00:00Z",
                 "next_call": {"tool": "wait_for_batch_sessions", "arguments": {"batch_id": "%s", "min_ready": 5}}}"""
                .formatted(CREATED, CREATED)), JsonMapper.shared().valueToTree(result.structuredContent()));
        assertTrue(text(result).startsWith("Created batch " + CREATED + ": 5 browsers requested, status pending, at"
                + " 2026-11-28T12:00:00Z."), result.text());
        assertTrue(result.text().contains("Next: call wait_for_batch_sessions {\"batch_id\":\"" + CREATED
                + "\",\"min_ready\":5}"), result.text());
    }

    @Test
    void theNextCallWaitsForAsManyBrowsersAsWereAskedFor() {
        api.enqueue(201, Fixtures.body("created"));
        ToolResult result = tool().call(args("count", 3), null);
        ToolResults.NextCall next = ((CreateBatchTool.Created) result.structuredContent()).nextCall();
        assertEquals(WaitTool.NAME, next.tool());
        assertEquals(Map.of("batch_id", CREATED, "min_ready", 3), next.arguments());
    }

    @Test
    void theOutputSchemaCheckCanFail() {
        assertThrows(AssertionError.class, () -> OutputSchema.assertValid(CreateBatchTool.NAME,
                Map.of("batch_id", CREATED, "count", 5)));
    }

    @Test
    void anAcceptedBatchWithoutAnIdSaysToListRatherThanCreateAgain() {
        api.enqueue(201, "{\"data\": {\"status\": \"pending\"}}");
        ToolResult result = tool().call(args("count", 4), null);
        assertRefused(result, "The Anchor API accepted the batch of 4 but did not give its id.");
        assertTrue(result.text().contains("list_batch_sessions"), result.text());
    }

    // ---- the documented errors, each the client's own message

    static Stream<Arguments> apiErrors() {
        return Stream.of(
                Arguments.of(MockAnchor.error(402, "Insufficient credits"),
                        new CreateOutcome.InsufficientCredits("Insufficient credits")),
                Arguments.of(MockAnchor.error(400, "CAPTCHA solver requires proxy to be active"),
                        new CallFailure.Rejected(Operation.CREATE, 400, "CAPTCHA solver requires proxy to be active")),
                Arguments.of(MockAnchor.error(401, "Invalid API key"),
                        new CallFailure.Unauthorized(Operation.CREATE, 401, "Invalid API key")),
                Arguments.of(MockAnchor.error(429, "Too many requests"),
                        new CallFailure.RateLimited(Operation.CREATE, "Too many requests", null, 1)),
                Arguments.of(MockAnchor.error(500, "Internal server error"), new CallFailure.Unconfirmed(
                        Operation.CREATE, "the Anchor API answered HTTP 500: Internal server error")));
    }

    @ParameterizedTest
    @MethodSource("apiErrors")
    void eachDocumentedErrorIsAToolErrorWithTheClientsMessage(MockResponse answer, CallFailure expected) {
        api.server.enqueue(answer);
        ToolResult result = tool().call(args("count", 2), null);
        assertTrue(result.isError());
        assertNull(result.structuredContent());
        assertEquals(expected.message(), text(result));
        assertEquals(1, api.server.getRequestCount(), "not sent again");
    }

    @Test
    void a402SaysWhatItMeansAndThatNothingWasCreated() {
        api.enqueueError(402, "Insufficient credits");
        String text = text(tool().call(args("count", 2), null));
        assertTrue(text.contains("no credit left"), text);
        assertTrue(text.contains("Nothing was created."), text);
    }

    @Test
    void aTimeOutIsAnUnknownOutcomeThatSaysToListBeforeCreatingAgain() {
        api.server.enqueue(new MockResponse.Builder(MockAnchor.json(201, Fixtures.body("created")))
                .headersDelay(3, TimeUnit.SECONDS).build());
        ToolResult result = tool().call(args("count", 2), null);
        assertRefused(result, "Whether the batch was created is unknown: no answer came within 1 second.");
        assertTrue(result.text().contains("call list_batch_sessions"), result.text());
        assertEquals(1, api.server.getRequestCount());
        assertEquals(List.of(), api.sleeps, "no second attempt was even planned");
    }

    @Test
    void aResetMidResponseIsAnUnknownOutcomeToo() {
        api.server.enqueue(new MockResponse.Builder(MockAnchor.json(201, Fixtures.body("created")))
                .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
        ToolResult result = tool().call(args("count", 2), null);
        assertRefused(result, "Whether the batch was created is unknown: the connection broke");
        assertTrue(result.text().contains("call list_batch_sessions"), result.text());
        assertEquals(1, api.server.getRequestCount());
    }

    // ---- refused before any request

    @Test
    void aCountOverTheServersLimitIsRefusedNamingTheVariableBeforeAnyRequest() {
        ToolResult result = tool(Map.of("ANCHOR_MAX_BATCH_SIZE", "3")).call(args("count", 4), null);
        assertRefused(result, "count 4 is over this server's limit of 3 browsers per batch (ANCHOR_MAX_BATCH_SIZE).");
        assertTrue(result.text().contains("Nothing was created."), result.text());
        assertEquals(0, api.server.getRequestCount());
    }

    @Test
    void theDefaultLimitIsTen() {
        ToolResult result = tool().call(args("count", 11), null);
        assertRefused(result, "count 11 is over this server's limit of 10 browsers per batch (ANCHOR_MAX_BATCH_SIZE).");
        assertEquals(0, api.server.getRequestCount());
    }

    @Test
    void aCountAtTheLimitIsSent() throws Exception {
        api.enqueue(201, Fixtures.body("created"));
        ToolResult result = tool(Map.of("ANCHOR_MAX_BATCH_SIZE", "3")).call(args("count", 3), null);
        assertFalse(result.isError(), result::text);
        assertEquals(3, body(api.take()).path("count").asInt());
    }

    @Test
    void aMissingCountIsRefusedBeforeAnyRequest() {
        assertRefused(tool().call(args("initial_url", "https://example.com"), null), "count is required");
        assertEquals(0, api.server.getRequestCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1001", "2.5", "\"3\"", "true", "[3]"})
    void aCountThatIsNotAWholeNumberFromOneTo1000IsRefusedBeforeAnyRequest(String count) {
        Object value = JsonMapper.shared().readValue(count, Object.class);
        assertRefused(tool(Map.of("ANCHOR_MAX_BATCH_SIZE", "1000")).call(args("count", value), null),
                "count must be a whole number from 1 to 1000");
        assertEquals(0, api.server.getRequestCount());
    }

    /** What the schema refuses, the handler refuses too, naming the argument: a client may not check. */
    @ParameterizedTest
    @ValueSource(strings = {
        "initial_url=5", "tags=\"prices\"", "tags=[1, 2]", "recording=\"yes\"", "proxy_country=\"DE\"",
        "proxy_country=\"germany\"", "proxy_country=49", "max_duration=\"30\"", "max_duration=1.5",
        "idle_timeout=false", "headless=\"true\"", "viewport_width=\"1280\"", "viewport_height=0",
        "metadata=\"job\"", "metadata=[1]"})
    void aFlatArgumentOfTheWrongKindIsRefusedBeforeAnyRequest(String assignment) {
        String name = assignment.substring(0, assignment.indexOf('='));
        Object value = JsonMapper.shared().readValue(assignment.substring(name.length() + 1), Object.class);
        ToolResult result = tool().call(args("count", 2, name, value), null);
        assertRefused(result, name + " must be");
        assertEquals(0, api.server.getRequestCount());
    }

    @Test
    void withoutAKeyNothingIsSentAndTheErrorSaysHowToSetOne() {
        CreateBatchTool tool = new CreateBatchTool(api.clientWithoutKey(), 10);
        ToolResult result = tool.call(args("count", 2), null);
        assertRefused(result, ToolResults.NO_KEY);
        assertEquals(0, api.server.getRequestCount());
    }

    @Test
    void anInterruptedCreateSaysSoAndKeepsTheInterrupt() {
        api.server.enqueue(new MockResponse.Builder(MockAnchor.json(201, Fixtures.body("created")))
                .headersDelay(3, TimeUnit.SECONDS).build());
        Thread.currentThread().interrupt();
        ToolResult result = tool().call(args("count", 2), null);
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        assertRefused(result, "The create request was cancelled.");
    }
}
