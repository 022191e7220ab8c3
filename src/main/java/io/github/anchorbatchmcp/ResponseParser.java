package io.github.anchorbatchmcp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns response bodies into outcomes. Strings from the API are scrubbed of the key here, in the
 * parsed tree, so nothing downstream ever holds it.
 */
final class ResponseParser {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Redactor redactor;

    ResponseParser(Redactor redactor) {
        this.redactor = redactor;
    }

    /** Reads a 2xx body: the batch status, or what is wrong with the body. */
    ApiOutcome status(int code, byte[] body, String contentType) {
        if (body.length == 0) {
            return new ApiOutcome.BadResponse(code, "the body is empty");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            return new ApiOutcome.BadResponse(code, notJson(body, contentType, e));
        }
        if (root == null || !root.isObject()) {
            return new ApiOutcome.BadResponse(code, "expected a JSON object, got " + kind(root));
        }
        JsonNode data = root.get("data");
        if (data == null || data.isNull()) {
            return new ApiOutcome.BadResponse(code, "it has no \"data\"");
        }
        if (!data.isObject()) {
            return new ApiOutcome.BadResponse(code, "\"data\" is " + kind(data) + ", not an object");
        }
        redactor.scrubTree(data);
        try {
            return new ApiOutcome.Found(JSON.treeToValue(data, BatchStatus.class));
        } catch (DatabindException e) {
            return new ApiOutcome.BadResponse(code, "field " + path(e) + " has the wrong type");
        } catch (JacksonException e) {
            return new ApiOutcome.BadResponse(code, oneLine(e.getOriginalMessage()));
        }
    }

    private String notJson(byte[] body, String contentType, JacksonException e) {
        String start = new String(body, 0, Math.min(body.length, 512), StandardCharsets.UTF_8)
                .stripLeading();
        if ((contentType != null && contentType.contains("html")) || start.startsWith("<")) {
            return "an HTML page" + (contentType == null ? "" : " (" + contentType.strip() + ")");
        }
        return "invalid JSON: " + oneLine(e.getOriginalMessage());
    }

    /** The API's {@code error.message} (or a plain string {@code error}), scrubbed and shortened; null if none. */
    String errorMessage(byte[] body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            JsonNode message = error.isObject() ? error.path("message") : error;
            return message.isString() ? Text.clip(redactor.scrub(message.stringValue().strip()), 300) : null;
        } catch (JacksonException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String path(DatabindException e) {
        StringBuilder out = new StringBuilder("data");
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                out.append('.').append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String kind(JsonNode node) {
        return node == null || node.isMissingNode() ? "nothing" : node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    /** The first line of a message from elsewhere (an exception, a parser), scrubbed and shortened. */
    String oneLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return Text.clip(redactor.scrub(nl < 0 ? s : s.substring(0, nl)), 200);
    }
}
