package io.github.anchorbatchmcp;

import static io.github.anchorbatchmcp.DriveIT.args;
import static io.github.anchorbatchmcp.DriveIT.text;
import static io.github.anchorbatchmcp.ScriptedAnchor.fetchOf;
import static io.github.anchorbatchmcp.ScriptedAnchor.gotoOf;
import static io.github.anchorbatchmcp.ScriptedAnchor.pagesOf;
import static io.github.anchorbatchmcp.ScriptedAnchor.screenshotOf;
import static io.github.anchorbatchmcp.ScriptedAnchor.statusOf;
import static io.github.anchorbatchmcp.ScriptedAnchor.taskOf;
import static io.github.anchorbatchmcp.ScriptedAnchor.workflowId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.tools.BrowseTool;
import io.github.anchorbatchmcp.tools.TaskTool;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * The drive tools when the API fails, through the built jar over raw stdio lines in both eras: each
 * session's failure in its own entry while the others are served, a task start never sent twice
 * whatever became of its answer, and secrets (a task's {@code secret_values}, the API key) kept out
 * of every result and every log line even when the API echoes them. The servers ({@link DriveServers})
 * run with a 1-second time-out, one retry and the debug log, which shows what clients sent (and
 * nothing they did not).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriveFaultsIT {

    static final String KEY = DriveServers.KEY;
    static final String SECRET = "s3cr3t-canary-a81f";
    static final String OTP = "otp-canary-44d0";

    private ScriptedAnchor api;
    private EraServers servers;

    @BeforeAll
    void start() throws Exception {
        DriveServers shared = DriveServers.get();
        api = shared.api;
        servers = shared.servers;
    }

    @BeforeEach
    void resetApi() {
        api.reset();
    }

    private int count(String line) {
        return Collections.frequency(api.seen().stream().map(s -> s.method() + " " + s.target()).toList(), line);
    }

    @ParameterizedTest
    @EnumSource(Era.class)
    void eachSessionsFailureIsInItsOwnEntryAndTheOthersAreServed(Era era) throws Exception {
        api.batch(7, 0);
        api.answer("POST", gotoOf(1), r -> ScriptedAnchor.error(404, "Session not found"));
        api.answer("GET", screenshotOf(2), r -> ScriptedAnchor.error(500, "Screenshot failed"));
        api.answer("GET", screenshotOf(3), ScriptedAnchor.late(3, ScriptedAnchor.bytes("image/png", ScriptedAnchor.png(3))));
        api.answer("GET", screenshotOf(4), r -> ScriptedAnchor.bytes("image/png",
                "<html>Rate limited</html>".getBytes(StandardCharsets.UTF_8)));
        api.answer("POST", fetchOf(5), r -> ScriptedAnchor.error(500, "Fetch failed"));
        api.answer("GET", screenshotOf(6), r -> ScriptedAnchor.bytes("image/png", pngClaiming(100_000, 100_000)));
        JsonNode result = servers.call(era, BrowseTool.NAME, args("url", "https://shop.example/", "look", "both"));
        assertFalse(result.path("isError").asBoolean(), result::toString);

        JsonNode s = result.path("structuredContent").path("sessions");
        assertTrue(s.path(0).path("error").isNull() && s.path(0).path("opened").asBoolean(), s::toString);
        assertFalse(s.path(1).path("opened").asBoolean(), s::toString);
        assertEquals("open: the session has ended (HTTP 404: Session not found)", s.path(1).path("error").asString());
        assertEquals(List.of("POST " + gotoOf(1)), api.seen().stream().filter(r -> r.target().contains(
                ScriptedAnchor.sessionId(1))).map(r -> r.method() + " " + r.target()).toList(), "an ended session: no more");
        assertTrue(s.path(2).path("error").asString().startsWith("screenshot: the Anchor API failed (HTTP 500: Screenshot"
                + " failed, 2 attempts)"), s::toString);
        assertTrue(s.path(3).path("error").asString().startsWith("screenshot: no answer within 1 second"), s::toString);
        assertTrue(s.path(4).path("error").asString().startsWith("screenshot: the Anchor API's answer is not an image"),
                s::toString);
        assertTrue(s.path(5).path("error").asString().startsWith("text: the Anchor API failed (HTTP 500: Fetch failed"),
                s::toString);
        assertTrue(s.path(6).path("error").asString().startsWith("screenshot: the Anchor API's answer is not an image (the"
                + " image is 100000×100000 pixels"), "refused by its header, never decoded: " + s.path(6));
        for (int i : new int[] {0, 2, 3, 4}) {
            assertTrue(s.path(i).path("text").asString().contains("The text of item " + i), "served anyway: " + s.path(i));
        }
        assertEquals(2, count("GET " + screenshotOf(2)), "a failed read is retried (once here)");
        assertEquals(2, count("GET " + screenshotOf(3)));
        assertEquals(1, count("GET " + screenshotOf(4)), "a 200 that is not an image is not retried");
        assertEquals(2, count("POST " + fetchOf(5)));
        assertEquals(1, count("GET " + pagesOf(5)));
        assertTrue(text(result).contains("6 sessions report an error below; the others were served."), text(result));
        Sheets.assertTiles(result.path("structuredContent").path("contact_sheet"), Sheets.imageOf(result), List.of(0, 5),
                ScriptedAnchor::colour);

        JsonNode nothing = servers.call(era, BrowseTool.NAME, args("sessions", List.of(1), "url", "https://shop.example/"));
        assertTrue(nothing.path("isError").asBoolean(), nothing::toString);
        assertTrue(text(nothing).startsWith("Nothing could be done in any of the 1 sessions of batch " + ScriptedAnchor.BATCH),
                text(nothing));
    }

    /** A PNG's signature and header saying {@code width}×{@code height}, and nothing of the picture. */
    static byte[] pngClaiming(int width, int height) {
        java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII))
                .putInt(width).putInt(height).put(new byte[] {8, 2, 0, 0, 0});
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(chunk.array());
        return java.nio.ByteBuffer.allocate(8 + 4 + 17 + 4 + 12).put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10})
                .putInt(13).put(chunk.array()).putInt((int) crc.getValue())
                .putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt(0xAE426082).array();
    }

    @ParameterizedTest
    @EnumSource(Era.class)
    void aTaskStartWhoseAnswerIsLostOrRefusedIsNeverSentAgain(Era era) throws Exception {
        api.batch(5, 0);
        api.answer("POST", taskOf(0), r -> ScriptedAnchor.error(500, "Internal server error"));
        api.answer("POST", taskOf(4), r -> new mockwebserver3.MockResponse.Builder(ScriptedAnchor.json(200,
                "{\"data\":{\"status\":\"running\",\"workflow_id\":\"wf-4\"}}"))
                .onResponseBody(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE).build());
        api.answer("POST", taskOf(1), ScriptedAnchor.late(3, ScriptedAnchor.json(200,
                "{\"data\":{\"status\":\"running\",\"workflow_id\":\"wf-1\"}}")));
        api.answer("POST", taskOf(2), r -> ScriptedAnchor.error(400, "prompt is too vague"));
        AtomicInteger polls = new AtomicInteger();
        api.answer("GET", statusOf(workflowId(3)), r -> polls.incrementAndGet() == 1
                ? ScriptedAnchor.error(500, "Status unavailable") : api.byDefault(r));
        JsonNode result = servers.call(era, TaskTool.NAME, args("prompt", "Find the price"));
        assertFalse(result.path("isError").asBoolean(), result::toString);

        for (int i = 0; i < 5; i++) {
            assertEquals(1, count("POST " + taskOf(i)), "exactly one start for item " + i + ": " + api.lines());
        }
        assertEquals(2, count("GET " + statusOf(workflowId(3))), "a status poll is a read: retried after its 500");
        JsonNode tasks = result.path("structuredContent").path("tasks");
        for (int i : new int[] {0, 1, 4}) {
            JsonNode t = tasks.path(i);
            assertEquals("unknown", t.path("status").asString(), t::toString);
            assertTrue(t.path("workflow_id").isNull());
            String error = t.path("error").asString();
            assertTrue(error.startsWith("whether it started is unknown: "), error);
            assertTrue(error.contains("it was not sent again"), error);
            assertTrue(error.contains("look at it (browse_batch_sessions, or its live view)"), error);
        }
        assertTrue(tasks.path(0).path("error").asString().contains("HTTP 500"), tasks::toString);
        assertTrue(tasks.path(1).path("error").asString().contains("no answer came within 1 second"), tasks::toString);
        assertEquals("failed", tasks.path(2).path("status").asString());
        assertTrue(tasks.path(2).path("error").asString().startsWith("not started: the Anchor API refused the request"
                + " (HTTP 400: prompt is too vague)"), tasks::toString);
        assertEquals("completed", tasks.path(3).path("status").asString(), tasks::toString);
        assertTrue(tasks.path(4).path("error").asString().contains("the connection broke before the answer was complete"),
                tasks::toString);
        assertTrue(text(result).startsWith("Started 1 of 5 AI tasks"), text(result));
    }

    @ParameterizedTest
    @EnumSource(Era.class)
    void secretValuesAndTheKeyAppearInNoResultAndNoLogEvenWhenTheApiEchoesThem(Era era) throws Exception {
        api.answer("GET", statusOf(workflowId(0)), r -> ScriptedAnchor.json(200, "{\"data\":{\"status\":\"COMPLETED\","
                + "\"result\":{\"answer\":\"Logged in with " + SECRET + "\",\"" + SECRET + "\":\"as a name\",\"echo\":{\"otp\":\""
                + OTP + "\"},\"key\":\"" + KEY + "\"}}}"));
        api.answer("GET", statusOf(workflowId(1)), r -> ScriptedAnchor.json(200, "{\"data\":{\"status\":\"FAILED\","
                + "\"error\":\"Wrong password " + SECRET + " (otp " + OTP + ")\"}}"));
        api.answer("POST", taskOf(0), r -> ScriptedAnchor.error(500, "Refused password " + SECRET + " for key " + KEY));
        api.answer("POST", taskOf(1), r -> ScriptedAnchor.error(400, "Bad otp " + OTP));
        api.answer("POST", taskOf(2), r -> ScriptedAnchor.error(403, "Key " + KEY + " may not use " + SECRET));
        api.answer("GET", pagesOf(0), r -> ScriptedAnchor.json(200, "[{\"id\":\"P\",\"title\":\"Welcome " + KEY + "\","
                + "\"url\":\"https://shop.example/?apiKey=" + KEY + "\"}]"));
        api.answer("POST", fetchOf(0), r -> ScriptedAnchor.text("Your key is " + KEY + " and more."));
        Map<String, String> secrets = Map.of("password", SECRET, "otp", OTP);

        EraServers.Streamed started = servers.callWithProgress(era, TaskTool.NAME, args("prompt", "Log in",
                "secret_values", secrets));
        JsonNode tasks = started.result().path("structuredContent").path("tasks");
        assertEquals(List.of("unknown", "failed", "failed"), List.of(tasks.path(0).path("status").asString(),
                tasks.path(1).path("status").asString(), tasks.path(2).path("status").asString()), tasks::toString);
        assertTrue(api.seen().stream().filter(r -> r.target().startsWith("/v1/tools/perform-web-task?"))
                .allMatch(r -> r.body().contains(SECRET) && r.body().contains(OTP)), "the secrets went to Anchor");
        JsonNode collected = servers.call(era, TaskTool.NAME, args("workflow_ids", List.of(workflowId(0), workflowId(1)),
                "secret_values", secrets));
        assertEquals("completed", collected.path("structuredContent").path("tasks").path(0).path("status").asString(),
                collected::toString);
        assertEquals("failed", collected.path("structuredContent").path("tasks").path(1).path("status").asString());
        JsonNode browsed = servers.call(era, BrowseTool.NAME, args("sessions", List.of(0), "look", "text"));
        for (JsonNode result : List.of(started.result(), collected, browsed)) {
            String all = result.toString();
            assertFalse(all.contains(SECRET) || all.contains(OTP) || all.contains(KEY), all);
            assertTrue(all.contains("***"), "the echo was there, masked: " + all);
        }

        ServerProcess server = servers.get(era);
        String stderr = server.stderr();
        assertTrue(stderr.contains("\"secret_values\":{\"password\":\"***\",\"otp\":\"***\"}")
                || stderr.contains("\"secret_values\":{\"otp\":\"***\",\"password\":\"***\"}"),
                "the debug log shows the call, masked: " + stderr);
        for (String out : servers.everything()) {
            assertFalse(out.contains(SECRET) || out.contains(OTP), "a secret on stdout or stderr");
            assertFalse(out.contains(KEY), "the key on stdout or stderr");
        }
    }

    @Test
    void theDebugLogShowsWhatEachClientSentAndNoInitializeItDidNotSend() throws Exception {
        List<String> modern = servers.get(Era.MODERN).stderr().lines().toList();
        assertTrue(modern.stream().anyMatch(l -> l.contains("received {") && l.contains("\"method\":\"server/discover\"")),
                "the discover a 2026-07-28 client sent: " + modern);
        assertEquals(List.of(), modern.stream().filter(l -> l.contains("initialize")).toList(),
                "this client never sent initialize");
        List<String> legacy = servers.get(Era.INITIALIZE).stderr().lines().toList();
        assertEquals(1, legacy.stream().filter(l -> l.contains("received {") && l.contains("\"method\":\"initialize\""))
                .count(), "the one initialize this client sent: " + legacy);
        assertEquals(1, legacy.stream().filter(l -> l.contains("Client initialize request")).count(),
                "the SDK's own line at info, for that one initialize only (no warm-up posing as a client): " + legacy);
    }
}
