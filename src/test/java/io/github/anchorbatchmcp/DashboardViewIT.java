package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.anchorbatchmcp.demo.DemoBatches;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard view (src/main/resources/ui/dashboard.html) in headless Chromium, hosted by a small
 * host page written for the test (src/test/node/view) that plays the host's side of MCP Apps, with
 * real results from the jar in --demo mode through the official TypeScript client. One run of
 * view-test.mjs drives every case and prints what the server answered and what the view showed and
 * sent; each test here checks one behaviour against it. A last pass has the official AppBridge
 * (@modelcontextprotocol/ext-apps, loaded by its own host page from the test's node_modules) play the
 * host instead. Runs where node and Debian's chromium are.
 */
class DashboardViewIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String HOSTILE_TITLE = "<img src=x onerror=\"window.__pwned=1\">";
    private static JsonNode out;

    @BeforeAll
    static void theViewRunsInChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing (apt-get install chromium)");
        TypeScriptClientIT.nodeAndTheClientAreInstalled();
        Path shots = Path.of("target", "view").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of("node", "view/view-test.mjs", shots.toString()));
        command.addAll(ServerProcess.command("--demo"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(TypeScriptClientIT.NODE_DIR.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ANCHOR"));
        long start = System.nanoTime();
        out = TypeScriptClientIT.runNode(builder, 120, "view-test.mjs");
        System.out.println("Dashboard view in " + CHROMIUM + ": " + out.path("view").path("bytes").asInt() + " bytes, "
                + out.path("requests").size() + " requests, run "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms; screenshots in " + shots);
    }

    @Test
    void theViewIsOneSmallDocumentMarkedFullOnce() throws IOException {
        String html = Files.readString(Path.of("src/main/resources/ui/dashboard.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>"), "an HTML5 document");
        assertTrue(html.length() < 150_000, "at most 150 KB: " + html.length());
        assertEquals(html.indexOf("data-mode=\"full\""), html.lastIndexOf("data-mode=\"full\""), "data-mode=\"full\" once");
        assertTrue(html.matches("(?s).*<html[^>]* data-mode=\"full\".*"), "on the <html> element");
        assertFalse(html.contains("innerHTML") || html.contains("insertAdjacentHTML") || html.contains("document.write"),
                "no markup is built from strings");
        assertEquals("text/html;profile=mcp-app", out.path("view").path("mimeType").asString(), "as resources/read gives it");
        assertTrue(out.path("view").path("meta").path("ui").path("prefersBorder").asBoolean(), out.path("view")::toString);
        assertTrue(out.path("view").path("readOnlyMode").asBoolean(), "a read-only server serves it without End");
    }

    @Test
    void theHandshakeComesFirstThenTheViewRendersTheInputAndResult() {
        List<String> order = new ArrayList<>();
        for (JsonNode e : out.path("completed").path("log")) {
            JsonNode m = e.path("message");
            order.add(e.path("dir").asString() + " " + (m.has("method") ? m.path("method").asString() : "response " + m.path("id")));
        }
        assertEquals(List.of("view->host ui/initialize", "host->view response 1", "view->host ui/notifications/initialized",
                "host->view ui/notifications/tool-input", "host->view ui/notifications/tool-result"), order.subList(0, 5),
                order::toString);
        JsonNode init = out.path("completed").path("log").path(0).path("message").path("params");
        assertEquals("2026-01-26", init.path("protocolVersion").asString());
        assertFalse(init.path("appInfo").path("name").asString().isEmpty(), init::toString);
        assertFalse(init.path("appInfo").path("version").asString().isEmpty(), init::toString);
        assertTrue(init.path("appCapabilities").isObject(), init::toString);
        assertEquals(DemoBatches.COMPLETED, out.path("completed").path("shown").path("batchId").asString());
    }

    @Test
    void theCompletedBatchShowsItsStatusCountsAndOneTilePerReadySession() {
        assertShows(out.path("completed").path("result").path("structuredContent"), out.path("completed").path("shown"));
        assertEquals("completed", out.path("completed").path("shown").path("status").asString());
    }

    @Test
    void theMovingBatchMidWayShowsItsProgressAndTheSessionsReadySoFar() {
        JsonNode report = out.path("moving").path("result").path("structuredContent");
        assertEquals(DemoBatches.MOVING, report.path("batch_id").asString());
        assertFalse(report.path("finished").asBoolean(), "mid-way: " + report);
        int ready = report.path("counts").path("ready").asInt();
        assertTrue(ready >= 2 && ready < report.path("counts").path("total").asInt(), report::toString);
        assertShows(report, out.path("moving").path("shown"));
        assertEquals(report.path("progress").path("phase").asString(), out.path("moving").path("shown").path("phase")
                .asString().replace("· ", ""));
    }

    @Test
    void aTilesButtonAsksTheHostToOpenItsLiveView() {
        JsonNode first = out.path("completed").path("result").path("structuredContent").path("ready_sessions").path(0);
        assertEquals(List.of(first.path("live_view_url").asString()), strings(out.path("completed").path("opened")));
        JsonNode request = find(out.path("completed").path("log"), "view->host", "ui/open-link");
        assertEquals(first.path("live_view_url").asString(), request.path("params").path("url").asString());
    }

    @Test
    void refreshCallsTheStatusToolThroughTheHostAndShowsWhatItReturned() {
        JsonNode moving = out.path("moving");
        JsonNode call = find(moving.path("log"), "view->host", "tools/call");
        assertEquals("get_batch_session_status", call.path("params").path("name").asString());
        assertEquals(DemoBatches.MOVING, call.path("params").path("arguments").path("batch_id").asString());
        JsonNode forwarded = moving.path("forwarded").path(0);
        assertEquals("get_batch_session_status", forwarded.path("name").asString(), "it reached the server");
        assertFalse(forwarded.path("result").path("isError").asBoolean(), forwarded::toString);
        assertShows(forwarded.path("result").path("structuredContent"), moving.path("refreshed"));

        JsonNode during = moving.path("whileRefreshing");
        assertEquals("true", during.path("busy").asString());
        assertTrue(during.path("activity").asString().startsWith("Refreshing"), during::toString);
        for (JsonNode b : during.path("buttons")) {
            assertTrue(b.path("disabled").asBoolean(), "disabled while the call runs: " + b);
        }
        assertTrue(moving.path("refreshed").path("activity").asString().startsWith("Status as of"), moving::toString);
    }

    @Test
    void endAsksForConfirmationFirstAndOnlyTheConfirmingClickCancels() {
        JsonNode moving = out.path("moving");
        assertEquals(moving.path("callsBeforeEnd").asInt(), moving.path("callsAfterFirstClick").asInt(),
                "the first click calls nothing");
        List<String> confirming = ids(moving.path("confirming").path("buttons"));
        assertTrue(confirming.contains("end-confirm") && confirming.contains("end-cancel") && !confirming.contains("end"),
                confirming::toString);
        JsonNode counts = moving.path("forwarded").path(0).path("result").path("structuredContent").path("counts");
        int running = counts.path("ready").asInt() + counts.path("processing").asInt() + counts.path("pending").asInt();
        assertEquals("Confirm: end " + running + " browsers", button(moving.path("confirming"), "end-confirm"));
        assertTrue(ids(moving.path("notConfirmed").path("buttons")).contains("end"), "Cancel puts End back");

        List<JsonNode> calls = new ArrayList<>();
        moving.path("log").forEach(e -> {
            if (e.path("message").path("method").asString().equals("tools/call")) {
                calls.add(e.path("message").path("params"));
            }
        });
        assertEquals(2, calls.size(), calls::toString);
        assertEquals("cancel_batch_sessions", calls.get(1).path("name").asString());
        assertEquals(DemoBatches.MOVING, calls.get(1).path("arguments").path("batch_id").asString());
        JsonNode cancelled = moving.path("forwarded").path(1);
        assertEquals("cancel_batch_sessions", cancelled.path("name").asString());
        assertFalse(cancelled.path("result").path("isError").asBoolean(), cancelled::toString);
        JsonNode ended = moving.path("ended");
        assertEquals(cancelled.path("result").path("structuredContent").path("status").asString(),
                ended.path("status").asString());
        int terminated = cancelled.path("result").path("structuredContent").path("cancelled_sessions").asInt();
        assertTrue(ended.path("cancelled").asString().contains("Cancelled: " + terminated + " browser"), ended::toString);
        assertFalse(ids(ended.path("buttons")).contains("end"), "nothing left to end: " + ended);
    }

    @Test
    void aReadOnlyServersViewHasNoEndButton() {
        JsonNode readOnly = out.path("readOnly");
        assertEquals("read-only", readOnly.path("shown").path("mode").asString());
        assertEquals(0, readOnly.path("endButtons").asInt());
        assertFalse(ids(readOnly.path("shown").path("buttons")).contains("end"), readOnly::toString);
        assertTrue(ids(readOnly.path("shown").path("buttons")).contains("refresh"), readOnly::toString);
        assertShows(readOnly.path("result").path("structuredContent"), readOnly.path("shown"));
        assertTrue(ids(out.path("completed").path("shown").path("buttons")).contains("end"), "a full server's has one");
    }

    @Test
    void aCreatedBatchShowsItsIdAndAsksForItsStatus() {
        JsonNode created = out.path("created");
        String batchId = created.path("result").path("structuredContent").path("batch_id").asString();
        assertEquals(batchId, created.path("shown").path("batchId").asString(), created::toString);
        JsonNode forwarded = created.path("forwarded").path(0);
        assertEquals("get_batch_session_status", forwarded.path("name").asString(), created::toString);
        assertEquals(batchId, forwarded.path("arguments").path("batch_id").asString());
        assertEquals(forwarded.path("result").path("structuredContent").path("status").asString(),
                created.path("shown").path("status").asString(), "the status it asked for is what it shows");
    }

    @Test
    void aBrowseShowsEachPagesTitleAndScreenshotAndTheContactSheet() {
        JsonNode browse = out.path("browse");
        JsonNode sessions = browse.path("result").path("structuredContent").path("sessions");
        JsonNode tiles = browse.path("shown").path("tiles");
        assertEquals(sessions.size(), tiles.size(), tiles::toString);
        for (int i = 0; i < sessions.size(); i++) {
            assertEquals(sessions.path(i).path("session_id").asString(), tiles.path(i).path("sessionId").asString());
            assertEquals(sessions.path(i).path("title").asString(), tiles.path(i).path("title").asString());
            assertTrue(tiles.path(i).path("liveViewEnabled").asBoolean(), "the status the view asked for gave the link");
        }
        JsonNode status = find(browse.path("log"), "view->host", "tools/call");
        assertEquals("get_batch_session_status", status.path("params").path("name").asString(),
                "a browse result has no live-view links: the view asks for the status once");
        assertTrue(browse.path("shown").path("sheet").path("width").asInt() > 0, browse.path("shown")::toString);
        assertEquals("data:image/jpeg;base64,", browse.path("shown").path("sheet").path("src").asString());
        assertEquals(List.of("true", "true", "true"), strings(browse.path("shown").path("thumbs")));
        assertTrue(Files.exists(Path.of("target", "view", "dashboard.png")));
    }

    @Test
    void aHostilePageTitleIsShownAsTextAndRunsNothing() {
        JsonNode shown = out.path("browse").path("shown");
        assertTrue(strings(shown.path("tiles"), "title").contains(HOSTILE_TITLE), shown::toString);
        for (String src : strings(shown.path("images"))) {
            assertTrue(src.startsWith("data:image/"), "no <img> made from the title: " + shown.path("images"));
        }
        assertEquals("undefined", shown.path("pwned").asString());
        assertEquals("undefined", out.path("browse").path("pwnedInHost").asString());
    }

    @Test
    void aFailedCallIsShownNotSwallowed() {
        JsonNode rpc = out.path("completed").path("rpcError");
        assertTrue(rpc.path("error").asString().contains("The test host refused this call"), rpc::toString);
        JsonNode isError = out.path("completed").path("isError");
        assertTrue(isError.path("error").asString().contains("Simulated failure: the Anchor API answered 503"),
                isError::toString);
        assertEquals("false", isError.path("busy").asString());
        assertEquals(out.path("completed").path("shown").path("tiles"), isError.path("tiles"), "what it showed stays");
    }

    @Test
    void theViewFollowsTheHostsThemeAndVariables() {
        assertEquals("rgb(16, 18, 24)", out.path("completed").path("dark").path("background").asString());
        assertNotEquals(out.path("completed").path("light").path("color").asString(),
                out.path("completed").path("dark").path("color").asString(), "dark text colours");
        assertEquals("rgb(255, 255, 255)", out.path("completed").path("light").path("background").asString(),
                "its own fallback once the host's variable is gone");
        for (JsonNode value : out.path("completed").path("urlVariables")) {
            assertFalse(value.asString().contains("tracker.example"), "a host variable that loads is not applied: " + value);
        }
    }

    @Test
    void itReportsItsHeightAndFitsANarrowFrame() {
        JsonNode sizes = out.path("browse").path("sizes");
        assertFalse(sizes.isEmpty(), "size-changed arrived");
        for (JsonNode s : sizes) {
            assertTrue(s.path("height").asInt() > 0 && s.path("width").asInt() > 0, sizes::toString);
        }
        assertTrue(find(out.path("completed").path("log"), "view->host", "ui/notifications/size-changed")
                .path("params").path("height").asInt() > 0);
        assertFalse(out.path("browse").path("narrow").path("overflowX").asBoolean(), "no sideways scrolling at 400 px");
        assertFalse(out.path("browse").path("shown").path("overflowX").asBoolean());
    }

    /** The official host-side implementation, AppBridge of @modelcontextprotocol/ext-apps, drives the same view. */
    @Test
    void theOfficialAppBridgeDrivesTheSameView() {
        JsonNode bridged = out.path("appBridge");
        List<String> order = new ArrayList<>();
        for (JsonNode e : bridged.path("log")) {
            JsonNode m = e.path("message");
            order.add(e.path("dir").asString() + " " + (m.has("method") ? m.path("method").asString() : "response"));
        }
        assertEquals(List.of("view->host ui/initialize", "host->view response", "view->host ui/notifications/initialized",
                "host->view ui/notifications/tool-input", "host->view ui/notifications/tool-result"), order.subList(0, 5),
                order::toString);
        JsonNode answer = bridged.path("log").path(1).path("message");
        assertEquals(1, answer.path("id").asInt(), answer::toString);
        assertEquals("2026-01-26", answer.path("result").path("protocolVersion").asString(), answer::toString);
        assertShows(out.path("completed").path("result").path("structuredContent"), bridged.path("shown"));

        JsonNode forwarded = bridged.path("forwarded").path(0);
        assertEquals("get_batch_session_status", forwarded.path("name").asString(), bridged::toString);
        assertEquals(DemoBatches.COMPLETED, forwarded.path("arguments").path("batch_id").asString());
        assertShows(forwarded.path("result").path("structuredContent"), bridged.path("refreshed"));
        JsonNode first = out.path("completed").path("result").path("structuredContent").path("ready_sessions").path(0);
        assertEquals(List.of(first.path("live_view_url").asString()), strings(bridged.path("opened")));
        assertFalse(bridged.path("sizes").isEmpty(), "the bridge got size-changed");
    }

    @Test
    void nothingButTheHostPageItselfWasRequested() {
        String origin = out.path("origin").asString();
        assertTrue(origin.startsWith("http://127.0.0.1:"), origin);
        for (JsonNode r : out.path("requests")) {
            String url = r.path("url").asString();
            boolean hostPage = url.startsWith(origin + "/") && !r.path("frame").asString().startsWith("about:srcdoc");
            assertTrue(hostPage || url.startsWith("data:"), "a request to the network: " + r);
        }
        for (JsonNode t : out.path("targets")) {
            assertTrue(t.path("url").asString().startsWith("about:") || t.path("url").asString().startsWith(origin),
                    "no other page or worker was opened: " + t);
        }
    }

    private static void assertShows(JsonNode report, JsonNode shown) {
        assertEquals(report.path("batch_id").asString(), shown.path("batchId").asString());
        assertEquals(report.path("status").asString(), shown.path("status").asString());
        JsonNode counts = report.path("counts");
        for (String key : List.of("total", "ready", "processing", "pending", "failed")) {
            assertEquals(counts.path(key).asString(), shown.path("counts").path(key).asString(), key + ": " + shown);
        }
        assertEquals(report.path("progress").path("percentage").asDouble(),
                Double.parseDouble(shown.path("progressNow").asString()), shown::toString);
        List<String> ids = new ArrayList<>();
        report.path("ready_sessions").forEach(s -> ids.add(s.path("session_id").asString()));
        assertEquals(ids, strings(shown.path("tiles"), "sessionId"));
        List<String> indexes = new ArrayList<>();
        report.path("ready_sessions").forEach(s -> indexes.add(s.path("item_index").asString()));
        assertEquals(indexes, strings(shown.path("tiles"), "itemIndex"));
        assertNull(shown.path("error").isNull() ? null : shown.path("error").asString(), shown::toString);
    }

    private static JsonNode find(JsonNode log, String dir, String method) {
        for (JsonNode e : log) {
            if (e.path("dir").asString().equals(dir) && e.path("message").path("method").asString().equals(method)) {
                return e.path("message");
            }
        }
        throw new AssertionError("no " + method + " " + dir + " in " + log);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    private static List<String> strings(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asString()));
        return out;
    }

    private static List<String> ids(JsonNode buttons) {
        return strings(buttons, "id");
    }

    private static String button(JsonNode shown, String id) {
        for (JsonNode b : shown.path("buttons")) {
            if (b.path("id").asString().equals(id)) {
                return b.path("text").asString();
            }
        }
        throw new AssertionError("no button " + id + " in " + shown);
    }
}
