package io.github.anchorbatchmcp.anchor;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Turns response bodies into outcomes. Every string from the API is scrubbed of the key here, as
 * soon as it is parsed, so nothing downstream ever holds it.
 */
final class ResponseParser {

    /** The mapper the MCP SDK uses too: one per process. */
    static final JsonMapper JSON = JsonMapper.shared();

    private final Redactor redactor;

    ResponseParser(Redactor redactor) {
        this.redactor = redactor;
    }

    /** A parser for one request that also masks that request's own secrets. */
    ResponseParser alsoMasking(Collection<String> secrets) {
        return secrets.isEmpty() ? this : new ResponseParser(redactor.alsoMasking(secrets));
    }

    /** What a 2xx body held: its {@code data}, scrubbed, or what is wrong with the body (then value is null). */
    record Parsed<T>(T value, String problem) {
        static <T> Parsed<T> bad(String problem) {
            return new Parsed<>(null, problem);
        }
    }

    /** The envelope of a 2xx answer: {@code {"data": {...}}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Envelope(@JsonProperty("data") BatchStatus data) {
    }

    /** Reads a 2xx body in one pass: the batch status (scrubbed of the key), or what is wrong with the body. */
    ApiOutcome status(int code, byte[] body, String contentType) {
        if (body.length == 0) {
            return new ApiOutcome.BadResponse(code, "the body is empty");
        }
        Envelope envelope;
        try {
            envelope = JSON.readValue(body, Envelope.class);
        } catch (MismatchedInputException e) {
            String path = path(e);
            return new ApiOutcome.BadResponse(code, path.isEmpty() ? "expected a JSON object"
                    : path.equals("data") ? "\"data\" is not an object"
                    : "field " + path + " has the wrong type");
        } catch (JacksonException e) {
            return new ApiOutcome.BadResponse(code, notJson(body, contentType, e));
        }
        if (envelope == null || envelope.data() == null) {
            return new ApiOutcome.BadResponse(code, "it has no \"data\"");
        }
        return new ApiOutcome.Found(envelope.data().mapStrings(redactor::scrub));
    }

    /**
     * Reads the {@code data} of a 2xx body of the small lifecycle shapes. Every string in it is
     * scrubbed in the tree, before it becomes a record, whatever the record keeps.
     */
    <T> Parsed<T> data(byte[] body, String contentType, Class<T> type) {
        Parsed<JsonNode> data = dataNode(body, contentType);
        return data.value() == null ? Parsed.bad(data.problem()) : value(data.value(), "\"data\"", "data.", type);
    }

    /** The {@code data} object of a 2xx body as a tree, every string in it scrubbed. */
    Parsed<JsonNode> dataNode(byte[] body, String contentType) {
        JsonNode root;
        try {
            root = body.length == 0 ? null : JSON.readTree(body);
        } catch (JacksonException e) {
            return Parsed.bad(notJson(body, contentType, e));
        }
        if (root == null || root.isMissingNode()) {
            return Parsed.bad("the body is empty");
        }
        JsonNode data = root.isObject() ? root.get("data") : null;
        if (!root.isObject() || data == null || data.isNull()) {
            return Parsed.bad(root.isObject() ? "it has no \"data\"" : "expected a JSON object");
        }
        if (!data.isObject()) {
            return Parsed.bad("\"data\" is not an object");
        }
        return new Parsed<>(scrub(data), null);
    }

    /** A 2xx body that is a bare JSON array (no {@code data} envelope) of {@code type}, scrubbed. */
    <T> Parsed<List<T>> array(byte[] body, String contentType, Class<T> type) {
        JsonNode root;
        try {
            root = body.length == 0 ? null : JSON.readTree(body);
        } catch (JacksonException e) {
            return Parsed.bad(notJson(body, contentType, e));
        }
        if (root == null || !root.isArray()) {
            return Parsed.bad(root == null || root.isMissingNode() ? "the body is empty" : "expected a JSON array");
        }
        List<T> items = new java.util.ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            if (root.get(i).isNull()) {
                continue;
            }
            Parsed<T> item = value(scrub(root.get(i)), "item " + i, "[" + i + "].", type);
            if (item.value() == null) {
                return Parsed.bad(item.problem());
            }
            items.add(item.value());
        }
        return new Parsed<>(List.copyOf(items), null);
    }

    /** Text from the API (a page's content), scrubbed. */
    String text(byte[] body) {
        return scrub(new String(body, StandardCharsets.UTF_8));
    }

    /** The beginning of a longer text (a page cut at a limit), scrubbed, with any secret cut in two dropped. */
    String textPrefix(byte[] body) {
        return redactor.scrubCut(new String(body, StandardCharsets.UTF_8));
    }

    String scrub(String s) {
        return redactor.scrub(s);
    }

    private <T> Parsed<T> value(JsonNode node, String what, String pathPrefix, Class<T> type) {
        try {
            return new Parsed<>(JSON.treeToValue(node, type), null);
        } catch (MismatchedInputException e) {
            String path = path(e);
            return Parsed.bad(path.isEmpty() ? what + " has the wrong shape" : "field " + pathPrefix + path
                    + " has the wrong type");
        } catch (JacksonException e) {
            return Parsed.bad("unreadable: " + oneLine(e.getOriginalMessage()));
        }
    }

    private JsonNode scrub(JsonNode node) {
        if (node.isString()) {
            String s = node.stringValue();
            String clean = redactor.scrub(s);
            return clean.equals(s) ? node : StringNode.valueOf(clean);
        }
        if (node instanceof ObjectNode object) {
            Map<String, JsonNode> clean = new LinkedHashMap<>();
            for (String name : List.copyOf(object.propertyNames())) {
                clean.put(redactor.scrub(name), scrub(object.get(name))); // a name may hold a secret too
            }
            object.removeAll();
            clean.forEach(object::set);
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, scrub(array.get(i)));
            }
        }
        return node;
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

    /** Where in the body a value had the wrong shape: "" (the root), "data", "data.sessions[1].retry_count". */
    private static String path(MismatchedInputException e) {
        StringBuilder out = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
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
