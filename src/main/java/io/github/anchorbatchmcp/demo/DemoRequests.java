package io.github.anchorbatchmcp.demo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads and checks what a request to the simulator carries, refusing (400) what the API would refuse. */
final class DemoRequests {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final List<String> STATUSES = List.of("pending", "processing", "completed", "failed", "cancelled");

    private DemoRequests() {
    }

    /** A request the API would answer 400, with its message. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** The filters of a list, with the API's defaults filled in. */
    record ListQuery(String status, int page, int limit, Instant createdAfter, Instant createdBefore) {
    }

    static ListQuery listQuery(String rawQuery) {
        Map<String, String> q = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                q.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String status = q.get("status");
        if (status != null && !STATUSES.contains(status)) {
            throw new Refused("Invalid status: must be one of " + String.join(", ", STATUSES));
        }
        return new ListQuery(status, integer(q, "page", 1, 1, Integer.MAX_VALUE), integer(q, "limit", 20, 1, 100),
                time(q, "created_after"), time(q, "created_before"));
    }

    /** The body as a JSON object; an empty body counts as {@code {}} where {@code emptyIsFine}. */
    static JsonNode object(byte[] body, boolean emptyIsFine) {
        if (body.length == 0 && emptyIsFine) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JacksonException e) {
            // refused below
        }
        throw new Refused("Invalid JSON body: expected a JSON object");
    }

    /** The count of a create, after the checks the API makes on the whole body. */
    static int createCount(JsonNode body) {
        JsonNode count = body.path("count");
        if (!count.isInt() || count.intValue() < 1 || count.intValue() > 1000) {
            throw new Refused("Session count must be between 1 and 1000");
        }
        for (String part : List.of("configuration", "metadata")) {
            if (!body.path(part).isMissingNode() && !body.path(part).isObject()) {
                throw new Refused(part + " must be an object");
            }
        }
        JsonNode proxy = body.path("configuration").path("session").path("proxy");
        if (body.path("configuration").path("browser").path("captcha_solver").path("active").asBoolean(false)
                && !proxy.path("active").asBoolean(false)) {
            throw new Refused("CAPTCHA solver requires proxy to be active");
        }
        if ("custom".equals(proxy.path("type").asString(null))) {
            for (String field : List.of("server", "username", "password")) {
                if (!proxy.path(field).isString()) {
                    throw new Refused("A custom proxy requires server, username and password");
                }
            }
        }
        return count.intValue();
    }

    /**
     * The page each browser of a create opens first ({@code configuration.session.initial_url}), null when
     * none was given; the API takes a URI, the simulator an absolute http or https URL, as a goto does.
     */
    static String initialUrl(JsonNode body) {
        JsonNode url = body.path("configuration").path("session").path("initial_url");
        if (url.isMissingNode() || url.isNull()) {
            return null;
        }
        if (!url.isString() || !DemoSessionRequests.isWebUrl(url.stringValue())) {
            throw new Refused("configuration.session.initial_url must be an absolute http or https URL");
        }
        return url.stringValue();
    }

    /** The metadata of a create, put on each of its sessions; null when none was given. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> metadata(JsonNode body) {
        JsonNode metadata = body.path("metadata");
        return metadata.isObject() ? JSON.convertValue(metadata, Map.class) : null;
    }

    /** {@code status} must be "cancelled", the only value a PATCH takes. */
    static void checkCancel(JsonNode body) {
        if (!"cancelled".equals(body.path("status").asString(null))) {
            throw new Refused("status must be \"cancelled\"");
        }
    }

    static void checkRetry(JsonNode body) {
        JsonNode max = body.path("max_retries");
        if (!max.isMissingNode() && (!max.isInt() || max.intValue() < 1 || max.intValue() > 3)) {
            throw new Refused("max_retries must be between 1 and 3");
        }
        JsonNode failedOnly = body.path("retry_failed_only");
        if (!failedOnly.isMissingNode() && !failedOnly.isBoolean()) {
            throw new Refused("retry_failed_only must be a boolean");
        }
    }

    private static int integer(Map<String, String> q, String name, int otherwise, int min, int max) {
        String v = q.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new Refused(name + " must be an integer " + (max == Integer.MAX_VALUE ? "of " + min + " or more"
                : "between " + min + " and " + max));
    }

    private static Instant time(Map<String, String> q, String name) {
        String v = q.get(name);
        try {
            return v == null ? null : OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new Refused(name + " must be an ISO 8601 date-time, such as 2026-11-28T09:00:00Z");
        }
    }
}
