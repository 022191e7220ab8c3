package io.github.anchorbatchmcp;

import static io.github.anchorbatchmcp.ModernLines.assertResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.anchor.Fixtures;
import io.github.anchorbatchmcp.tools.CreateBatchTool;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * A create whose answer is lost is never sent twice, through the built jar in both eras: the API
 * counts the POSTs it got, and the agent is told the outcome is unknown and to list before creating
 * again. The server runs with its default two retries, so a second POST was not a matter of budget.
 */
class NoSecondPostIT {

    static final String KEY = "sk-no-resend-2b8d";

    /** How the API loses the answer to a POST it received. */
    enum Fault {
        TIME_OUT, SERVER_ERROR, RESET_MID_RESPONSE;

        MockResponse answer() {
            MockResponse.Builder created = new MockResponse.Builder().code(201)
                    .setHeader("Content-Type", "application/json").body(Fixtures.body("created"));
            return switch (this) {
                case TIME_OUT -> created.headersDelay(3, TimeUnit.SECONDS).build(); // the server waits 1 s
                case SERVER_ERROR -> new MockResponse.Builder().code(500).setHeader("Content-Type", "application/json")
                        .body("{\"error\": {\"code\": 500, \"message\": \"Internal server error\"}}").build();
                case RESET_MID_RESPONSE -> created.onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build();
            };
        }
    }

    /** Every fault in both eras. */
    enum Case {
        INITIALIZE_TIME_OUT(Era.INITIALIZE, Fault.TIME_OUT),
        INITIALIZE_SERVER_ERROR(Era.INITIALIZE, Fault.SERVER_ERROR),
        INITIALIZE_RESET(Era.INITIALIZE, Fault.RESET_MID_RESPONSE),
        MODERN_TIME_OUT(Era.MODERN, Fault.TIME_OUT),
        MODERN_SERVER_ERROR(Era.MODERN, Fault.SERVER_ERROR),
        MODERN_RESET(Era.MODERN, Fault.RESET_MID_RESPONSE);

        final Era era;
        final Fault fault;

        Case(Era era, Fault fault) {
            this.era = era;
            this.fault = fault;
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void aCreateWhoseAnswerIsLostIsSentOnceAndItsOutcomeIsUnknown(Case c) throws Exception {
        try (MockWebServer api = new MockWebServer()) {
            api.enqueue(c.fault.answer());
            api.enqueue(new MockResponse.Builder(c.fault.answer()).build()); // what a second POST would get
            api.start();
            try (ServerProcess server = new ServerProcess(Map.of("ANCHOR_API_KEY", KEY, "ANCHOR_BASE_URL",
                    api.url("/").toString(), "ANCHOR_TIMEOUT_SECONDS", "1"))) {
                c.era.open(server);
                server.send(c.era.toolCall("\"create\"", CreateBatchTool.NAME, "{\"count\":2}"));
                JsonNode result = assertResult(server.response("\"create\"", 30));

                assertTrue(result.path("isError").asBoolean(), result.toString());
                String text = result.path("content").path(0).path("text").asString();
                assertTrue(text.startsWith("Whether the batch was created is unknown: "), text);
                assertTrue(text.contains("it was not sent again"), text);
                assertTrue(text.contains("call list_batch_sessions (newest first) to see whether the batch exists"), text);

                RecordedRequest post = api.takeRequest(5, TimeUnit.SECONDS);
                assertEquals("POST /v1/batch-sessions", post.getMethod() + " " + post.getTarget());
                // Any second attempt would have been made before the result: it is the last thing the call does.
                assertEquals(1, api.getRequestCount(), "one POST, and nothing else");
            }
        }
    }
}
