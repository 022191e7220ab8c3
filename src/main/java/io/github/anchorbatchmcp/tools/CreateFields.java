package io.github.anchorbatchmcp.tools;

import io.github.anchorbatchmcp.anchor.Text;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The part of a batch's {@code configuration} that {@code create_batch_sessions} accepts, as flat
 * arguments: each one names the place in the API's nested configuration where it goes. The same
 * table derives the input schema (from the OpenAPI description of that place) and builds the body.
 * Each value is checked to be of its field's kind before it goes into the body, as the schema says,
 * even when the client did not check it against the schema.
 */
final class CreateFields {

    /** What a field's value must be. */
    enum Kind { TEXT, TEXTS, SWITCH, MINUTES, PIXELS, COUNTRY }

    /**
     * @param path where in the OpenAPI {@code SessionConfiguration} (and so in the body) the value goes
     * @param kind what the value must be
     */
    record Field(String name, List<String> path, Kind kind) {
    }

    /** Anchor's own proxy in a country: the one field that sets a whole object. */
    static final String PROXY_COUNTRY = "proxy_country";

    private static final Pattern COUNTRY = Pattern.compile("[a-z]{2}");

    static final List<Field> FIELDS = List.of(
            new Field("initial_url", List.of("session", "initial_url"), Kind.TEXT),
            new Field("tags", List.of("session", "tags"), Kind.TEXTS),
            new Field("recording", List.of("session", "recording", "active"), Kind.SWITCH),
            new Field(PROXY_COUNTRY, List.of("session", "proxy"), Kind.COUNTRY),
            new Field("max_duration", List.of("session", "timeout", "max_duration"), Kind.MINUTES),
            new Field("idle_timeout", List.of("session", "timeout", "idle_timeout"), Kind.MINUTES),
            new Field("headless", List.of("browser", "headless", "active"), Kind.SWITCH),
            new Field("viewport_width", List.of("browser", "viewport", "width"), Kind.PIXELS),
            new Field("viewport_height", List.of("browser", "viewport", "height"), Kind.PIXELS));

    private CreateFields() {
    }

    /**
     * The nested configuration for the arguments given; null when none of them is.
     *
     * @throws IllegalArgumentException naming the first argument that is not of its field's kind
     */
    static Map<String, Object> configuration(Map<String, Object> args) {
        Map<String, Object> configuration = new LinkedHashMap<>();
        for (Field field : FIELDS) {
            Object value = value(args, field);
            if (value == null) {
                continue;
            }
            if (field.kind() == Kind.COUNTRY) {
                value = Map.of("active", true, "type", "anchor_proxy", "country_code", value);
            }
            put(configuration, field.path(), value);
        }
        return configuration.isEmpty() ? null : configuration;
    }

    /** The argument for {@code field}, checked to be of its kind; null when absent. */
    private static Object value(Map<String, Object> args, Field field) {
        String name = field.name();
        return switch (field.kind()) {
            case TEXT -> Arguments.string(args, name);
            case TEXTS -> Arguments.strings(args, name);
            case SWITCH -> Arguments.bool(args, name);
            case MINUTES -> Arguments.integer(args, name, -1, Integer.MAX_VALUE); // -1 disables the limit
            case PIXELS -> Arguments.integer(args, name, 1, Integer.MAX_VALUE);
            case COUNTRY -> {
                Object raw = args.get(name);
                if (raw != null && !(raw instanceof String s && COUNTRY.matcher(s).matches())) {
                    throw new IllegalArgumentException(name + " must be a two-letter country code in lower case,"
                            + " such as us or de (got " + (raw instanceof String s ? "\"" + Text.clip(s, 40) + "\""
                            : raw) + ").");
                }
                yield raw;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> into, List<String> path, Object value) {
        Map<String, Object> at = into;
        for (String key : path.subList(0, path.size() - 1)) {
            at = (Map<String, Object>) at.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
        }
        at.put(path.get(path.size() - 1), value);
    }
}
