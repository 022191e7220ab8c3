package io.github.anchorbatchmcp.transport;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides, for each stdin line, whether it is a JSON-RPC 2.0 message, or gets the error answer the
 * spec prescribes: -32700 for text that is not JSON, -32600 for JSON that is not a valid message,
 * -32602 for params that are not an object; the id echoed where one can be read. Which era's SDK
 * takes a message that passes is decided after, by {@link EraRouter}.
 */
final class JsonRpcGate {

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int INVALID_PARAMS = -32602;

    private static final JsonMapper JSON = JsonMapper.shared();

    /**
     * Either a {@code message} (with its {@code text}) to route, or an {@code error} to write back;
     * neither for a blank line.
     */
    record Verdict(ObjectNode message, String text, ObjectNode error) {
    }

    static Verdict check(LineReader.Line line) {
        if (line instanceof LineReader.TooLong tooLong) {
            return reject(readableId(tooLong.head()), INVALID_REQUEST,
                    "Invalid Request: the message is " + tooLong.bytes() + " bytes, over the limit; it was not read");
        }
        String text = ((LineReader.Text) line).text();
        if (text.isBlank()) {
            return new Verdict(null, null, null);
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            return reject(null, PARSE_ERROR, "Parse error: the line is not valid JSON");
        }
        if (!(node instanceof ObjectNode message)) {
            return reject(null, INVALID_REQUEST, "Invalid Request: expected a JSON-RPC message object"
                    + (node.isArray() ? " (batches are not supported)" : ""));
        }
        JsonNode id = message.get("id");
        boolean hasId = id != null;
        boolean validId = hasId && (id.isString() || id.isIntegralNumber());
        JsonNode echo = validId ? id : null;
        if (hasId && !validId) {
            return reject(null, INVALID_REQUEST, "Invalid Request: id must be a string or an integer");
        }
        if (!"2.0".equals(message.path("jsonrpc").asString(null))) {
            return reject(echo, INVALID_REQUEST, "Invalid Request: jsonrpc must be \"2.0\"");
        }
        if (message.has("method")) {
            if (!message.get("method").isString()) {
                return reject(echo, INVALID_REQUEST, "Invalid Request: method must be a string");
            }
            JsonNode params = message.get("params");
            if (params != null && !params.isObject() && !params.isNull()) {
                return reject(echo, INVALID_PARAMS, "Invalid params: params must be an object");
            }
        } else if (!hasId || !(message.has("result") || message.has("error"))) {
            return reject(echo, INVALID_REQUEST, "Invalid Request: neither a request, a notification nor a response");
        }
        return new Verdict(message, text, null);
    }

    private static Verdict reject(JsonNode id, int code, String message) {
        return new Verdict(null, null, error(id, code, message));
    }

    /** A JSON-RPC error response. */
    static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("jsonrpc", "2.0");
        error.set("id", id == null ? error.nullNode() : id);
        ObjectNode body = error.putObject("error");
        body.put("code", code);
        body.put("message", message);
        return error;
    }

    /** The top-level id in the start of a message too long to read whole, if it comes early enough. */
    static JsonNode readableId(String head) {
        try (JsonParser parser = JSON.createParser(head)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("id".equals(name)) {
                    if (value == JsonToken.VALUE_STRING) {
                        return JSON.getNodeFactory().stringNode(parser.getString());
                    }
                    if (value == JsonToken.VALUE_NUMBER_INT) {
                        return JSON.getNodeFactory().numberNode(parser.getBigIntegerValue());
                    }
                    return null;
                }
                parser.skipChildren();
            }
        } catch (JacksonException e) {
            // the head ends mid-value, or is not JSON: no id to echo
        }
        return null;
    }
}
