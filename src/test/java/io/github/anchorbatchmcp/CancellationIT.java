package io.github.anchorbatchmcp;

import io.github.anchorbatchmcp.anchor.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** notifications/cancelled stops the work behind a tools/call, and no result is sent for it. */
class CancellationIT {

    static final String KEY = "sk-cancel-test-51c0";

    private static String cancel(Object requestId) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":" + requestId
                + ",\"reason\":\"the user stopped it\"}}";
    }

    @Test
    void cancellingAnInFlightCallClosesItsHttpConnectionAndSendsNoResult() throws Exception {
        assertCancelledWhileTheApiHangs("\"slow\"", ServerProcess.toolCall("\"slow\"", Fixtures.BATCH));
    }

    /** The initialize era's resources/list, which the catalog answers itself, is cancelled the same way. */
    @Test
    void cancellingAResourceListClosesItsHttpConnectionAndSendsNoAnswer() throws Exception {
        assertCancelledWhileTheApiHangs("\"list\"", "{\"jsonrpc\":\"2.0\",\"id\":\"list\",\"method\":\"resources/list\"}");
    }

    /**
     * Sends {@code request} (its id {@code id}) to a server whose API accepts and never answers,
     * cancels it once the API has it: the API's connection is closed far sooner than the 60 s
     * time-out, a later request is answered, and nothing is ever sent for the cancelled one.
     */
    private static void assertCancelledWhileTheApiHangs(String id, String request) throws Exception {
        try (SilentApi api = new SilentApi()) {
            try (ServerProcess server = new ServerProcess(Map.of("ANCHOR_API_KEY", KEY,
                    "ANCHOR_BASE_URL", api.baseUrl(), "ANCHOR_TIMEOUT_SECONDS", "60"))) {
                server.initialize();
                server.send(request);
                api.accepted.get(30, TimeUnit.SECONDS);
                server.send(cancel(id));
                api.hungUp.get(5, TimeUnit.SECONDS);
                server.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
                assertNotNull(server.response("2", 10));
                assertNull(server.response(id, 2), "nothing for a cancelled request");
                server.closeStdin();
                assertEquals(0, server.awaitExit(10));
                assertTrue(server.allStdout().stream().noneMatch(l -> l.contains(id)), server.allStdout()::toString);
            }
        }
    }

    @Test
    void cancellingDuringABackoffMakesNoFurtherRequest() throws Exception {
        try (MockWebServer api = new MockWebServer()) {
            for (int i = 0; i < 3; i++) {
                api.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "2").build());
            }
            api.start();
            try (ServerProcess server = new ServerProcess(Map.of("ANCHOR_API_KEY", KEY,
                    "ANCHOR_BASE_URL", api.url("/").toString()))) {
                server.initialize();
                server.send(ServerProcess.toolCall(7, Fixtures.BATCH));
                assertNotNull(api.takeRequest(30, TimeUnit.SECONDS));
                server.send(cancel(7));
                assertNull(server.response("7", 3), "no result for a cancelled request");
                assertEquals(1, api.getRequestCount(), "the retry due after 2 s was not made");
            }
        }
    }

    @Test
    void cancellingAnUnknownOrFinishedRequestIsHarmless() throws Exception {
        try (ServerProcess server = new ServerProcess(Map.of())) {
            server.initialize();
            server.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
            assertNotNull(server.response("1", 10));
            server.send(cancel(1));
            server.send(cancel("\"never-sent\""));
            server.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{}}");
            server.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
            assertNotNull(server.response("2", 10));
        }
    }
}
