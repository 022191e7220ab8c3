package io.github.anchorbatchmcp.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of a batch's {@code configuration} that {@code create_batch_sessions} accepts, as flat
 * arguments: each one names the place in the API's nested configuration where it goes. The same
 * table derives the input schema (from the OpenAPI description of that place) and builds the body.
 */
final class CreateFields {

    /** @param path where in the OpenAPI {@code SessionConfiguration} (and so in the body) the value goes */
    record Field(String name, List<String> path) {
    }

    /** Anchor's own proxy in a country: the one field that sets a whole object. */
    static final String PROXY_COUNTRY = "proxy_country";

    static final List<Field> FIELDS = List.of(
            new Field("initial_url", List.of("session", "initial_url")),
            new Field("tags", List.of("session", "tags")),
            new Field("recording", List.of("session", "recording", "active")),
            new Field(PROXY_COUNTRY, List.of("session", "proxy")),
            new Field("max_duration", List.of("session", "timeout", "max_duration")),
            new Field("idle_timeout", List.of("session", "timeout", "idle_timeout")),
            new Field("headless", List.of("browser", "headless", "active")),
            new Field("viewport_width", List.of("browser", "viewport", "width")),
            new Field("viewport_height", List.of("browser", "viewport", "height")));

    private CreateFields() {
    }

    /** The nested configuration for the arguments given; null when none of them is. */
    static Map<String, Object> configuration(Map<String, Object> args) {
        Map<String, Object> configuration = new LinkedHashMap<>();
        for (Field field : FIELDS) {
            Object value = args.get(field.name());
            if (value == null) {
                continue;
            }
            if (field.name().equals(PROXY_COUNTRY)) {
                value = Map.of("active", true, "type", "anchor_proxy", "country_code", value);
            }
            put(configuration, field.path(), value);
        }
        return configuration.isEmpty() ? null : configuration;
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
