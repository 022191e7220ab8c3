package io.github.anchorbatchmcp;

import static io.github.anchorbatchmcp.ModernLines.assertResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.anchor.Fixtures;
import io.github.anchorbatchmcp.demo.DemoApi;
import io.github.anchorbatchmcp.demo.DemoBatches;
import io.github.anchorbatchmcp.tools.WaitTool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Long calls in the 2026-07-28 era over raw lines into the built jar: progress travels before the
 * response and never after it, {@code notifications/cancelled} stops a call and its HTTP request and
 * silences it, a wait that runs out uses all its time, and calls still in flight do not keep the
 * process from a clean exit.
 */
class ModernWaitIT {

    static final String PROGRESS = "notifications/progress";

    /** An API whose batch is "processing" forever, counting the polls. */
    private static MockWebServer processingForever(AtomicInteger polls) throws IOException {
        MockWebServer api = new MockWebServer();
        api.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                polls.incrementAndGet();
                return new MockResponse.Builder().code(200).body("{\"data\":{\"status\":\"processing\","
                        + "\"total_requests\":3,\"processing_requests\":3}}").build();
            }
        });
        api.start();
        return api;
    }

    private static String waitArguments(String batchId) {
        return "{\"batch_id\":\"" + batchId + "\"}";
    }

    /** The progress notifications on stdout, and where the response to {@code idJson} is among all lines. */
    record Stream(List<JsonNode> progress, List<Integer> progressAt, int responseAt) {

        static Stream of(List<String> lines, String idJson) {
            List<JsonNode> progress = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            int response = -1;
            List<JsonNode> messages = ModernLines.parsed(lines);
            for (int i = 0; i < messages.size(); i++) {
                JsonNode m = messages.get(i);
                if (PROGRESS.equals(m.path("method").asString(null))) {
                    progress.add(m.path("params"));
                    at.add(i);
                } else if (m.has("id") && idJson.equals(m.path("id").toString())) {
                    response = i;
                }
            }
            return new Stream(progress, at, response);
        }
    }

    @Test
    void progressCarriesTheTokenIncreasesAndEndsBeforeTheResponse() throws Exception {
        try (DemoApi api = FastDemo.start(); ServerProcess server = new ServerProcess(FastDemo.env(api))) {
            server.send(ModernLines.toolCallWithProgress(1, WaitTool.NAME, waitArguments(DemoBatches.MOVING), "\"tok-1\""));
            JsonNode result = assertResult(server.response("1", 60));
            assertEquals("batch_finished", result.path("structuredContent").path("wait_ended").asString(), result.toString());
            Thread.sleep(1000); // anything sent after the response would have arrived by now
            Stream stream = Stream.of(server.allStdout(), "1");
            assertFalse(stream.progress().isEmpty(), "progress while the batch moved: " + server.allStdout());
            double last = 0;
            for (int i = 0; i < stream.progress().size(); i++) {
                JsonNode p = stream.progress().get(i);
                assertEquals("tok-1", p.path("progressToken").asString(), p.toString());
                assertTrue(p.path("progress").asDouble() > last, "progress increases strictly: " + stream.progress());
                last = p.path("progress").asDouble();
                assertEquals(5, p.path("total").asInt(), p.toString());
                assertTrue(stream.progressAt().get(i) < stream.responseAt(), "before the response: " + server.allStdout());
            }
            assertEquals(5.0, last, "the last one reports every session settled");
            assertEquals(stream.responseAt(), server.allStdout().size() - 1, "nothing after the response");
        }
    }

    @Test
    void aNumericTokenIsEchoedAsANumberAndNoTokenMeansNoProgress() throws Exception {
        try (ServerProcess server = new ServerProcess(Map.of(), "--demo")) {
            server.send(ModernLines.toolCall(1, WaitTool.NAME, waitArguments(DemoBatches.COMPLETED)));
            assertResult(server.response("1", 30));
            assertTrue(Stream.of(server.allStdout(), "1").progress().isEmpty(), server.allStdout()::toString);
            server.send(ModernLines.toolCallWithProgress(2, WaitTool.NAME, waitArguments(DemoBatches.COMPLETED), "42"));
            assertResult(server.response("2", 30));
            Thread.sleep(500);
            Stream stream = Stream.of(server.allStdout(), "2");
            assertEquals(1, stream.progress().size(), server.allStdout()::toString);
            assertTrue(stream.progress().get(0).path("progressToken").isIntegralNumber(), stream.progress()::toString);
            assertEquals(42, stream.progress().get(0).path("progressToken").asInt());
            assertTrue(stream.progressAt().get(0) < stream.responseAt());
        }
    }

    @Test
    void cancellingACallClosesItsHttpRequestAndNothingIsSentForIt() throws Exception {
        try (SilentApi api = new SilentApi()) {
            try (ServerProcess server = new ServerProcess(Map.of("ANCHOR_API_KEY", "sk-modern-cancel",
                    "ANCHOR_BASE_URL", api.baseUrl(), "ANCHOR_TIMEOUT_SECONDS", "60"))) {
                server.send(ModernLines.statusCall("\"slow\"", Fixtures.BATCH));
                api.accepted.get(30, TimeUnit.SECONDS);
                server.send(ModernLines.cancel("\"slow\""));
                api.hungUp.get(5, TimeUnit.SECONDS); // far sooner than the 60 s time-out
                server.send(ModernLines.toolsList(2));
                assertNotNull(server.response("2", 10), "the server goes on");
                server.send(ModernLines.discover(3));
                assertNotNull(server.response("3", 10));
                assertNull(server.response("\"slow\"", 2), "no response for a cancelled request");
                server.closeStdin();
                assertEquals(0, server.awaitExit(10));
                assertTrue(server.allStdout().stream().noneMatch(l -> l.contains("\"slow\"")), server.allStdout()::toString);
            }
        }
    }

    @Test
    void cancellingAWaitWithAProgressTokenStopsItsPolling() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        try (MockWebServer api = processingForever(polls);
                ServerProcess server = new ServerProcess(Map.of("ANCHOR_API_KEY", "k",
                        "ANCHOR_BASE_URL", api.url("/").toString()))) {
            server.send(ModernLines.toolCallWithProgress(5, WaitTool.NAME, waitArguments(Fixtures.BATCH), "\"w\""));
            assertNotNull(api.takeRequest(30, TimeUnit.SECONDS), "the first poll");
            server.send(ModernLines.cancel(5));
            assertNull(server.response("5", 3), "no response for a cancelled wait");
            assertEquals(1, polls.get(), "no poll after the cancellation (the next was due 1 s later)");
            server.send(ModernLines.toolsList(6));
            assertNotNull(server.response("6", 10), "the server goes on");
            assertTrue(Stream.of(server.allStdout(), "5").progress().isEmpty(), "nothing for the cancelled call");
        }
    }

    @Test
    void aWaitThatRunsOutUsesAllItsTimeAndEndsTimedOut() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        try (MockWebServer api = processingForever(polls);
                ServerProcess server = new ServerProcess(Map.of("ANCHOR_API_KEY", "k",
                        "ANCHOR_BASE_URL", api.url("/").toString()))) {
            server.send(ModernLines.toolsList(0)); // the process is up: the time measured is the wait's
            assertNotNull(server.response("0", 30));
            long sent = System.nanoTime();
            server.send(ModernLines.toolCall(1, WaitTool.NAME, "{\"batch_id\":\"" + Fixtures.BATCH
                    + "\",\"timeout_seconds\":2}"));
            JsonNode result = assertResult(server.response("1", 30));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            assertFalse(result.path("isError").asBoolean(false), result.toString());
            assertEquals("timed_out", result.path("structuredContent").path("wait_ended").asString(), result.toString());
            assertTrue(ms >= 1900, "the wait used its 2 s (a poll ending early returned after about 1 s): " + ms + " ms");
            assertTrue(ms < 10_000, ms + " ms");
            assertTrue(polls.get() >= 2, "polled again before giving up: " + polls.get());
        }
    }

    /** Starts three modern waits and returns once each has polled: they are in flight. */
    private static void startWaits(ServerProcess server, MockWebServer api) throws Exception {
        for (int i = 1; i <= 3; i++) {
            server.send(ModernLines.toolCallWithProgress(i, WaitTool.NAME, waitArguments(Fixtures.BATCH), "\"w" + i + "\""));
        }
        for (int i = 1; i <= 3; i++) {
            assertNotNull(api.takeRequest(30, TimeUnit.SECONDS), "wait " + i + " polled; stderr: " + server.stderr());
        }
    }

    @Test
    void endOfInputWithModernCallsInFlightExitsWithCodeZero() throws Exception {
        try (MockWebServer api = processingForever(new AtomicInteger());
                ServerProcess server = new ServerProcess(Map.of("ANCHOR_API_KEY", "k", "ANCHOR_BASE_URL", api.url("/").toString()))) {
            startWaits(server, api);
            server.closeStdin();
            assertEquals(0, server.awaitExit(10), server.stderr());
        }
    }

    @Test
    void aSignalWithModernCallsInFlightExitsWithCodeZero() throws Exception {
        try (MockWebServer api = processingForever(new AtomicInteger());
                ServerProcess server = new ServerProcess(Map.of("ANCHOR_API_KEY", "k", "ANCHOR_BASE_URL", api.url("/").toString()))) {
            startWaits(server, api);
            server.terminate();
            assertEquals(0, server.awaitExit(10), server.stderr());
        }
    }
}
