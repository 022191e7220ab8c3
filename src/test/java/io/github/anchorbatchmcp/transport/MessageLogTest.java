package io.github.anchorbatchmcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the debug log shows of a client's message: all of it but a task's secret values. */
class MessageLogTest {

    private static JsonNode json(String s) {
        return JsonMapper.shared().readTree(s);
    }

    @Test
    void aMessageIsShownAsSent() {
        String discover = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{}}";
        assertEquals(discover, MessageLog.describe(json(discover)));
    }

    @Test
    void theValuesOfSecretValuesAreMaskedAndTheMessageItselfIsUntouched() {
        JsonNode call = json("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"run_task_in_batch_sessions\",\"arguments\":{\"prompt\":\"log in\",\"secret_values\":"
                + "{\"password\":\"hunter2-canary\",\"otp\":\"991-canary\"}}}}");
        String shown = MessageLog.describe(call);
        assertFalse(shown.contains("canary"), shown);
        assertTrue(shown.contains("\"password\":\"***\"") && shown.contains("\"otp\":\"***\""), shown);
        assertTrue(shown.contains("\"prompt\":\"log in\""), shown);
        assertEquals("hunter2-canary", call.path("params").path("arguments").path("secret_values").path("password")
                .asString(), "the message handed on keeps its secrets");
    }

    @Test
    void secretValuesOfTheWrongShapeAreMaskedWhole() {
        for (String value : new String[] {"\"hunter2-canary\"", "[\"hunter2-canary\"]", "42"}) {
            String shown = MessageLog.describe(json("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
                    + "\"params\":{\"arguments\":{\"secret_values\":" + value + "}}}"));
            assertFalse(shown.contains("canary") || shown.contains("42"), shown);
            assertTrue(shown.contains("\"secret_values\":\"***\""), shown);
        }
    }

    @Test
    void aLongMessageIsShortened() {
        String shown = MessageLog.describe(json("{\"method\":\"x\",\"params\":{\"t\":\"" + "a".repeat(10_000) + "\"}}"));
        assertEquals(MessageLog.MAX_CHARS, shown.length());
    }
}
