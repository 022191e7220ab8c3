package io.github.anchorbatchmcp.transport;

import io.github.anchorbatchmcp.anchor.Text;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a debug log line shows of a message a client sent: the message itself, with the values of a
 * tool call's {@code secret_values} masked, shortened. The SDK's own debug log would print every
 * message whole, secrets included, so it stays at info and this is what debugging shows instead.
 */
public final class MessageLog {

    static final int MAX_CHARS = 2000;
    static final String SECRETS = "secret_values";

    private MessageLog() {
    }

    public static String describe(JsonNode message) {
        if (message == null) {
            return "(not JSON)";
        }
        JsonNode secrets = message.path("params").path("arguments").path(SECRETS);
        if (secrets.isObject() && !secrets.isEmpty()) {
            ObjectNode copy = (ObjectNode) message.deepCopy();
            ObjectNode masked = (ObjectNode) copy.path("params").path("arguments").path(SECRETS);
            for (String name : java.util.List.copyOf(masked.propertyNames())) {
                masked.put(name, "***");
            }
            message = copy;
        } else if (secrets.isValueNode() || secrets.isArray()) {
            ObjectNode copy = (ObjectNode) message.deepCopy();
            ((ObjectNode) copy.path("params").path("arguments")).put(SECRETS, "***");
            message = copy;
        }
        return Text.clip(message.toString(), MAX_CHARS);
    }
}
