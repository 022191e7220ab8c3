package io.github.anchorbatchmcp.anchor;

import java.util.regex.Pattern;

/**
 * A session id checked to be a canonical UUID, as a batch's session items give it. Only this value
 * is ever placed in a request path for a session, whatever the API (or anything else) handed over.
 */
public record SessionId(String value) {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public SessionId {
        if (value == null || !UUID.matcher(value).matches()) {
            throw new IllegalArgumentException("not a lower-case canonical UUID");
        }
    }

    /** The id, or null when {@code raw} is not one (then that session cannot be driven). */
    public static SessionId orNull(String raw) {
        return raw != null && UUID.matcher(raw).matches() ? new SessionId(raw) : null;
    }

    @Override
    public String toString() {
        return value;
    }
}
