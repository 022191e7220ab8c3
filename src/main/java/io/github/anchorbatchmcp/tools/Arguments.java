package io.github.anchorbatchmcp.tools;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import io.github.anchorbatchmcp.anchor.Text;
import java.util.Map;

/**
 * Reads one tool argument of a given kind, or says in one sentence what is wrong with it. Both SDKs
 * check arguments against the tool's schema first; these checks hold even without that.
 */
final class Arguments {

    private Arguments() {
    }

    /** An optional whole number from {@code min} to {@code max}. */
    static Integer integer(Map<String, Object> args, String name, int min, int max) {
        Object raw = args.get(name);
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < min
                || n.doubleValue() > max) {
            throw new IllegalArgumentException(name + " must be a whole number from " + min
                    + (max == Integer.MAX_VALUE ? " up" : " to " + max) + " (got " + raw + ").");
        }
        return n.intValue();
    }

    static String string(Map<String, Object> args, String name) {
        Object raw = args.get(name);
        if (raw != null && !(raw instanceof String)) {
            throw new IllegalArgumentException(name + " must be a string (got " + raw + ").");
        }
        return (String) raw;
    }

    static Boolean bool(Map<String, Object> args, String name) {
        Object raw = args.get(name);
        if (raw != null && !(raw instanceof Boolean)) {
            throw new IllegalArgumentException(name + " must be true or false (got " + raw + ").");
        }
        return (Boolean) raw;
    }

    static List<String> strings(Map<String, Object> args, String name) {
        Object raw = args.get(name);
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException(name + " must be a list of strings (got " + raw + ").");
        }
        return list.stream().map(String.class::cast).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> args, String name) {
        Object raw = args.get(name);
        if (raw != null && !(raw instanceof Map)) {
            throw new IllegalArgumentException(name + " must be an object (got " + raw + ").");
        }
        return (Map<String, Object>) raw;
    }

    /** An ISO 8601 date-time with an offset, such as 2026-11-30T09:00:00Z. */
    static Instant time(Map<String, Object> args, String name) {
        String raw = string(args, name);
        if (raw == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO 8601 date-time such as 2026-11-30T09:00:00Z"
                    + " (got \"" + Text.clip(raw, 60) + "\").");
        }
    }
}
