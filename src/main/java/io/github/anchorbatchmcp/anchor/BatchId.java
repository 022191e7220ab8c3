package io.github.anchorbatchmcp.anchor;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A batch id that has been checked to be a canonical UUID. Only this value is ever placed in a
 * request path, so nothing a model writes can reach another endpoint.
 */
public record BatchId(String value) {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String EXAMPLE = "123e4567-e89b-12d3-a456-426614174000";

    public BatchId {
        if (value == null || !UUID.matcher(value).matches()) {
            throw new IllegalArgumentException("not a lower-case canonical UUID");
        }
    }

    /**
     * Reads a tool argument. Surrounding white space and upper case are forgiven; anything else that
     * is not a UUID is refused with a message a model can act on.
     */
    public static BatchId parse(Object raw) {
        if (raw == null) {
            throw new IllegalArgumentException("batch_id is required: pass the UUID of the batch, such as " + EXAMPLE
                    + ", as returned when the batch was created.");
        }
        if (!(raw instanceof String s)) {
            throw new IllegalArgumentException("batch_id must be a string holding a UUID, such as " + EXAMPLE + ".");
        }
        String candidate = s.strip();
        if (candidate.length() == 36) {
            candidate = candidate.toLowerCase(Locale.ROOT);
            if (UUID.matcher(candidate).matches()) {
                return new BatchId(candidate);
            }
        }
        throw new IllegalArgumentException("batch_id must be a UUID such as " + EXAMPLE + " (got " + quote(s)
                + "). Use the id returned when the batch was created.");
    }

    @Override
    public String toString() {
        return value;
    }

    /** Echoes a refused value briefly and printably. */
    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        int shown = 0;
        for (int i = 0; i < s.length() && shown < 60; i++, shown++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        out.append('"');
        if (s.length() > 60) {
            out.append(" (").append(s.length()).append(" characters)");
        }
        return out.toString();
    }
}
