package io.github.anchorbatchmcp.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.demo.DemoHttp.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The simulated AI browser tasks, synchronous and async, on a clock the test moves. */
class DemoTasksTest {

    private static final String SECRET = "hunter2-Very-Secret-7731";

    private final AtomicLong now = new AtomicLong();
    private DemoApi api;
    private DemoHttp http;
    private String session;

    @BeforeEach
    void start() throws Exception {
        api = DemoApi.start(now::get);
        http = new DemoHttp(api);
        session = http.readySessions(DemoBatches.PARTLY_FAILED).get(0);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void advance(long millis) {
        now.addAndGet(Duration.ofMillis(millis).toNanos());
    }

    private Answer task(String body) {
        return http.post("/v1/tools/perform-web-task?sessionId=" + session, body);
    }

    /** Starts an async task; its workflow id. */
    private String startAsync(String fields) {
        Answer started = task("{\"async\": true, " + fields + "}");
        assertEquals(200, started.status(), started::text);
        JsonNode data = started.json().path("data");
        assertEquals("running", data.path("status").asString(), started::text);
        assertTrue(data.path("workflow_id").isString(), started::text);
        return data.path("workflow_id").asString();
    }

    private JsonNode status(String workflowId) {
        Answer a = http.get("/v1/tools/perform-web-task/" + workflowId + "/status");
        assertEquals(200, a.status(), a::text);
        return a.json().path("data");
    }

    @Test
    void anAsyncTaskRunsForThreeSecondsThenCompletesWithWhatItWasAsked() {
        String id = startAsync("\"prompt\": \"find the price\", \"url\": \"https://shop.test/p/1\", \"max_steps\": 2");
        assertEquals("RUNNING", status(id).path("status").asString());
        assertEquals("https://shop.test/p/1", http.get("/v1/sessions/" + session + "/pages").json().get(0)
                .path("url").asString()); // it took the session to its start page
        advance(2999);
        assertEquals("RUNNING", status(id).path("status").asString());
        advance(1);
        JsonNode done = status(id);
        assertEquals("COMPLETED", done.path("status").asString(), done::toString);
        JsonNode result = done.path("result");
        assertEquals("Done: find the price on https://shop.test/p/1 (shop.test)", result.path("answer").asString());
        assertEquals("https://shop.test/p/1", result.path("url").asString());
        assertEquals(2, result.path("steps").intValue());
    }

    @Test
    void aSynchronousTaskAnswersAtOnceFromTheCurrentPage() {
        http.post("/v1/sessions/" + session + "/goto", "{\"url\": \"https://example.com/\"}");
        Answer a = task("{\"prompt\": \"read the heading\"}");
        assertEquals(200, a.status(), a::text);
        JsonNode result = a.json().path("data").path("result");
        assertTrue(result.path("answer").asString().contains("read the heading"), a::text);
        assertTrue(result.path("answer").asString().contains("Example Domain"), a::text);
        assertEquals(3, result.path("steps").intValue()); // max_steps defaults to 200: the simulator takes 3
    }

    @Test
    void anImpossibleTaskFails() {
        String id = startAsync("\"prompt\": \"do the impossible\"");
        assertEquals("RUNNING", status(id).path("status").asString());
        advance(3000);
        JsonNode failed = status(id);
        assertEquals("FAILED", failed.path("status").asString(), failed::toString);
        assertTrue(failed.path("error").asString().startsWith("The agent could not complete the task: "), failed::toString);
        assertTrue(failed.path("result").isMissingNode(), failed::toString);
        task("{\"prompt\": \"Impossible, surely\"}").assertError(500);
    }

    @Test
    void theResultFollowsTheOutputSchema() {
        String schema = "\"output_schema\": {\"type\": \"object\", \"properties\": {\"title\": {\"type\": \"string\"},"
                + " \"price\": {\"type\": \"number\"}, \"stock\": {\"type\": \"integer\"}, \"tags\": {\"type\": \"array\"}}}";
        JsonNode result = task("{\"prompt\": \"extract\", " + schema + "}").json().path("data").path("result");
        assertTrue(result.path("title").isString() && !result.path("title").asString().isBlank(), result::toString);
        assertEquals(1, result.path("price").intValue(), result::toString);
        assertEquals(1, result.path("stock").intValue(), result::toString);
        assertTrue(result.path("answer").asString().contains("extract"), result::toString);
        String id = startAsync("\"prompt\": \"extract\", " + schema);
        advance(3000);
        assertEquals(result, status(id).path("result")); // made up the same way every time
    }

    @Test
    void secretValuesAreInNoAnswer() {
        String secrets = "\"secret_values\": {\"PASSWORD\": \"" + SECRET + "\", \"USER\": \"" + SECRET + "-user\"}";
        String id = startAsync("\"prompt\": \"log in with " + SECRET + " and report\", \"url\": \"https://shop.test/?p="
                + SECRET + "\", " + secrets);
        String failing = startAsync("\"prompt\": \"impossible with " + SECRET + "\", " + secrets);
        task("{\"prompt\": \"use " + SECRET + "\", " + secrets + ", \"output_schema\": {\"properties\": {\"" + SECRET
                + "\": {\"type\": \"string\"}, \"ok\": {\"type\": \"boolean\"}}}}");
        task("{\"prompt\": \"x\", \"secret_values\": {\"A\": 5, \"B\": \"" + SECRET + "\"}}").assertError(400);
        status(id);
        advance(3000);
        assertEquals("COMPLETED", status(id).path("status").asString());
        assertEquals("FAILED", status(failing).path("status").asString());
        List<Answer> seen = http.seen();
        assertTrue(seen.size() >= 8, () -> seen.size() + " answers");
        for (Answer a : seen) {
            assertFalse(new String(a.body(), StandardCharsets.UTF_8).contains(SECRET), a::text);
        }
        assertTrue(status(id).path("result").path("answer").asString().contains("[secret]"));
    }

    @Test
    void endingTheSessionFailsItsRunningTasksButNotThoseDone() {
        String done = startAsync("\"prompt\": \"first\"");
        advance(3000);
        String running = startAsync("\"prompt\": \"second\"");
        advance(1000);
        assertEquals(200, http.delete("/v1/sessions/" + session).status());
        JsonNode failed = status(running);
        assertEquals("FAILED", failed.path("status").asString(), failed::toString);
        assertTrue(failed.path("error").asString().contains("session ended"), failed::toString);
        advance(5000);
        assertEquals("FAILED", status(running).path("status").asString());
        assertEquals("COMPLETED", status(done).path("status").asString());
    }

    @Test
    void malformedTasksAreRefusedAndUnknownOnesNotFound() {
        for (String body : List.of("{}", "{\"prompt\": \"  \"}", "{\"prompt\": 5}", "{\"prompt\": \"x\", \"max_steps\": 0}",
                "{\"prompt\": \"x\", \"max_steps\": 201}", "{\"prompt\": \"x\", \"max_steps\": \"5\"}",
                "{\"prompt\": \"x\", \"output_schema\": \"object\"}", "{\"prompt\": \"x\", \"secret_values\": [\"a\"]}",
                "{\"prompt\": \"x\", \"async\": \"yes\"}", "{\"prompt\": \"x\", \"url\": \"shop.test\"}", "", "nope")) {
            task(body).assertError(400);
        }
        assertEquals(200, task("{\"prompt\": \"x\", \"max_steps\": 200}").status());
        http.post("/v1/tools/perform-web-task", "{\"prompt\": \"x\"}").assertError(400);
        http.post("/v1/tools/perform-web-task?sessionId=00000000-0000-4000-8000-000000000000", "{\"prompt\": \"x\"}")
                .assertError(404);
        http.get("/v1/tools/perform-web-task/no-such-task/status").assertError(404);
        http.get("/v1/tools/perform-web-task//status").assertError(404);
    }
}
