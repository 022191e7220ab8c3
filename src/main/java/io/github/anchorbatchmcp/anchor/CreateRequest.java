package io.github.anchorbatchmcp.anchor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to create: {@code count} browser sessions, every one with {@code configuration} (the
 * single-session create shape: {@code session.*}, {@code browser.*}) and the batch with free-form
 * {@code metadata}. Both are sent as JSON as given; null leaves them out. The API checks the values.
 * A custom proxy's password may be in the configuration: {@link #toString()} never prints it, and the
 * client masks it in everything it says about the request.
 */
public record CreateRequest(int count, Map<String, Object> configuration, Map<String, Object> metadata) {

    public CreateRequest {
        configuration = copy(configuration);
        metadata = copy(metadata);
    }

    public CreateRequest(int count) {
        this(count, null, null);
    }

    /** The body: {@code {"count": …, "configuration": …, "metadata": …}}. */
    byte[] json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", count);
        if (configuration != null) {
            body.put("configuration", configuration);
        }
        if (metadata != null) {
            body.put("metadata", metadata);
        }
        try {
            return ResponseParser.JSON.writeValueAsBytes(body);
        } catch (RuntimeException e) { // JacksonException, or whatever a value's own getter threw
            // Its message may quote a value: say only what kind of problem it is.
            throw new IllegalArgumentException("configuration or metadata holds a value that cannot be written as"
                    + " JSON (" + e.getClass().getSimpleName() + "); use strings, numbers, booleans, lists and objects.");
        }
    }

    /**
     * The secrets in the configuration: every string under a key named {@code password}, wherever it
     * stands (a custom proxy's is {@code session.proxy.password}).
     */
    List<String> secrets() {
        List<String> found = new ArrayList<>();
        collect(configuration, found);
        return found;
    }

    private static void collect(Object value, List<String> found) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (v instanceof String s && k instanceof String name && name.equalsIgnoreCase("password")) {
                    found.add(s);
                } else {
                    collect(v, found);
                }
            });
        } else if (value instanceof Iterable<?> list) {
            list.forEach(v -> collect(v, found));
        }
    }

    private static Map<String, Object> copy(Map<String, Object> m) {
        return m == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** Never prints the configuration, which may hold a password; records print every component by default. */
    @Override
    public String toString() {
        return "CreateRequest[count=" + count + ", configuration=" + (configuration == null ? "none" : "given")
                + ", metadata=" + (metadata == null ? "none" : "given") + "]";
    }
}
