package io.github.anchorbatchmcp;

import io.github.anchorbatchmcp.anchor.Fixtures;
import io.github.anchorbatchmcp.tools.WaitTool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every way the API can fail, through the built jar over stdio, with a recognisable key: each call
 * ends in a specific result within its bound, the server stays up, and the key appears nowhere.
 */
class FaultMatrixIT {

    static final String KEY = "sk-CANARY-7d2f9e41b0c3";
    /** One attempt is limited to 1 s and retried once: a call ends within 1 s × 2 + 1 s backoff, plus start-up slack. */
    static final Map<String, String> LIMITS = Map.of("ANCHOR_TIMEOUT_SECONDS", "1", "ANCHOR_MAX_RETRIES", "1");

    /** A fault: what the API does on the n-th request for its batch (n from 1), and what the tool must say. */
    record Fault(String name, IntFunction<MockResponse> api, boolean isError, String expected) {
    }

    private static MockResponse.Builder status(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body);
    }

    private static MockResponse apiError(int code) {
        return status(code, "{\"error\":{\"code\":" + code + ",\"message\":\"failure for key " + KEY + "\"}}").build();
    }

    private static String httpDate(int secondsAhead) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(secondsAhead));
    }

    static List<Fault> faults() {
        String ok = Fixtures.body("completed").replace("\"retry_count\": 0,", "\"retry_count\": 0, \"x\": \"apiKey=" + KEY
                + "\",").replace("sessionId=a1b2c3d4-0000-4000-8000-000000000000\",",
                "sessionId=a1b2c3d4-0000-4000-8000-000000000000&apiKey=" + KEY + "\",");
        okio.Buffer fiftyMb = new okio.Buffer();
        byte[] filler = new byte[1 << 20];
        java.util.Arrays.fill(filler, (byte) ' ');
        for (int i = 0; i < 50; i++) {
            fiftyMb.write(filler);
        }
        return List.of(
                new Fault("500", n -> apiError(500), true, "(HTTP 500: failure for key ***, 2 attempts)"),
                new Fault("502", n -> apiError(502), true, "(HTTP 502: failure for key ***, 2 attempts)"),
                new Fault("503", n -> apiError(503), true, "(HTTP 503: failure for key ***, 2 attempts)"),
                new Fault("504", n -> apiError(504), true, "(HTTP 504: failure for key ***, 2 attempts)"),
                new Fault("429 seconds", n -> new MockResponse.Builder(apiError(429)).setHeader("Retry-After", "1").build(),
                        true, "(HTTP 429: failure for key ***, 2 attempts). Wait 1 second before calling again."),
                new Fault("429 date", n -> new MockResponse.Builder(apiError(429)).setHeader("Retry-After", httpDate(1))
                        .build(), true, "HTTP 429"),
                new Fault("429 too long", n -> new MockResponse.Builder(apiError(429)).setHeader("Retry-After", "3600")
                        .build(), true, "(HTTP 429: failure for key ***, 1 attempt). Wait 3600 seconds"),
                new Fault("503 then ok", n -> n == 1 ? apiError(503) : status(200, ok).build(), false,
                        "Batch 6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b: completed"),
                new Fault("key in urls", n -> status(200, ok).build(), false, "&apiKey=***"),
                new Fault("401", n -> apiError(401), true, "rejected the API key (HTTP 401: failure for key ***)"),
                new Fault("reset mid-body", n -> status(200, ok).onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
                        .build(), true, "Could not reach the Anchor API"),
                new Fault("stalled body", n -> status(200, ok).onResponseBody(SocketEffect.Stall.INSTANCE).build(), true,
                        "did not answer within 1 second (2 attempts)"),
                new Fault("truncated json", n -> status(200, "{\"data\":{\"status\":\"compl").build(), true,
                        "invalid JSON"),
                new Fault("html 200", n -> new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
                        .body("<html><body>Gateway " + KEY + "</body></html>").build(), true, "(an HTML page (text/html))"),
                new Fault("empty body", n -> status(200, "").build(), true, "(the body is empty)"),
                new Fault("data null", n -> status(200, "{\"data\": null}").build(), true, "(it has no \"data\")"),
                new Fault("50 MB body", n -> new MockResponse.Builder().code(200).chunkedBody(fiftyMb.clone(), 1 << 16)
                        .build(), true, "(the body is larger than 16 MB)"),
                new Fault("wrong types", n -> status(200, "{\"data\":{\"total_requests\":\"" + KEY + "\"}}").build(), true,
                        "(field data.total_requests has the wrong type)"));
    }

    @Test
    void everyFaultEndsInASpecificResultAndTheKeyAppearsNowhere() throws Exception {
        runMatrix(true, ServerProcess::toolCall, "{\"jsonrpc\":\"2.0\",\"id\":\"alive\",\"method\":\"ping\"}");
    }

    @Test
    void everyFaultEndsInTheSameSpecificResultInThe20260728EraAndTheKeyAppearsNowhere() throws Exception {
        runMatrix(false, ModernLines::statusCall, ModernLines.toolsList("\"alive\""));
    }

    /**
     * @param initialize true for the initialize era, false for 2026-07-28 (no handshake)
     * @param toolCall the get_batch_session_status line for an id and a batch id
     * @param alive a request the server answers at the end if it is still up
     */
    private static void runMatrix(boolean initialize, java.util.function.BiFunction<Object, String, String> toolCall,
            String alive) throws Exception {
        List<Fault> faults = faults();
        Map<String, Fault> byId = new LinkedHashMap<>();
        for (int i = 0; i < faults.size(); i++) {
            byId.put(String.format("00000000-0000-4000-8000-%012d", i), faults.get(i));
        }
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        List<String> targets = new CopyOnWriteArrayList<>();
        try (MockWebServer api = new MockWebServer()) {
            api.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    targets.add(request.getTarget());
                    String id = request.getTarget().substring(request.getTarget().lastIndexOf('/') + 1);
                    Fault fault = byId.get(id);
                    return fault == null ? apiError(404)
                            : fault.api().apply(attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());
                }
            });
            api.start();
            Map<String, String> env = new java.util.HashMap<>(LIMITS);
            env.put("ANCHOR_API_KEY", KEY);
            env.put("ANCHOR_BASE_URL", api.url("/").toString());
            env.put("ANCHOR_LOG_LEVEL", "debug");
            try (ServerProcess server = new ServerProcess(env)) {
                if (initialize) {
                    server.initialize();
                }
                int n = 0;
                for (String id : byId.keySet()) {
                    server.send(toolCall.apply(++n, id));
                }
                List<String> badIds = List.of("../../v1/sessions", "%2e%2e%2f%2e%2e", "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b?x=1",
                        "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b#x", "ünïcödé-3b4d-4e5f-8a9b-0c1d2e3f4a5b", "7".repeat(100_000));
                for (String bad : badIds) {
                    server.send(toolCall.apply(++n, bad.replace("\"", "")));
                }
                n = 0;
                for (Map.Entry<String, Fault> entry : byId.entrySet()) {
                    Fault fault = entry.getValue();
                    JsonNode response = server.response(String.valueOf(++n), 20);
                    assertNotNull(response, fault.name() + " gets an answer; stderr: " + server.stderr());
                    JsonNode result = response.path("result");
                    String text = result.path("content").path(0).path("text").asString();
                    assertEquals(fault.isError(), result.path("isError").asBoolean(false), fault.name() + ": " + text);
                    assertTrue(text.contains(fault.expected()), fault.name() + ": " + text);
                    assertEquals(initialize ? "" : "complete", result.path("resultType").asString(""), fault.name());
                }
                for (String bad : badIds) {
                    JsonNode response = server.response(String.valueOf(++n), 20);
                    assertTrue(response.path("result").path("isError").asBoolean(), bad);
                }
                for (String target : targets) {
                    assertTrue(target.matches("/v1/batch-sessions/[0-9a-f-]{36}"), "only validated ids reach a path: " + target);
                }
                server.send(alive);
                assertNotNull(server.response("\"alive\"", 10), "the server is still up");
                if (!initialize) { // progress notifications carry the batch's text too
                    String keyInUrls = byId.entrySet().stream().filter(e -> e.getValue().name().equals("key in urls"))
                            .findFirst().orElseThrow().getKey();
                    server.send(ModernLines.toolCallWithProgress("\"wait\"", WaitTool.NAME, "{\"batch_id\":\"" + keyInUrls
                            + "\"}", "\"p\""));
                    String text = server.response("\"wait\"", 20).path("result").path("content").path(0).path("text")
                            .asString();
                    assertTrue(text.contains("&apiKey=***"), text);
                    assertTrue(server.allStdout().stream().anyMatch(l -> l.contains("notifications/progress")));
                }
                server.closeStdin();
                assertEquals(0, server.awaitExit(10));
                String everything = String.join("\n", server.allStdout()) + server.stderr();
                assertFalse(everything.contains(KEY), "the key leaked:\n" + everything.lines()
                        .filter(l -> l.contains(KEY)).findFirst().orElse(""));
                assertTrue(server.stderr().contains("DEBUG"), "the debug log was on, and scanned too");
            }
        }
    }

    @Test
    void aRefusedConnectionIsReportedAndTheKeyAppearsNowhere() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> env = new java.util.HashMap<>(LIMITS);
        env.put("ANCHOR_API_KEY", KEY);
        env.put("ANCHOR_BASE_URL", "http://127.0.0.1:" + closedPort);
        try (ServerProcess server = new ServerProcess(env)) {
            server.initialize();
            server.send(ServerProcess.toolCall(1, Fixtures.BATCH));
            String text = server.response("1", 20).path("result").path("content").path(0).path("text").asString();
            assertTrue(text.startsWith("Could not reach the Anchor API at http://127.0.0.1:" + closedPort
                    + " (connection refused, 2 attempts)"), text);
            server.closeStdin();
            assertEquals(0, server.awaitExit(10));
            assertFalse((String.join("\n", server.allStdout()) + server.stderr()).contains(KEY));
        }
    }
}
