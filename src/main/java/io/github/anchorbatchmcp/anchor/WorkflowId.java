package io.github.anchorbatchmcp.anchor;

import java.util.regex.Pattern;

/**
 * The id of an AI task started with {@code async: true}, checked before it goes into the status
 * path: letters, digits and {@code . _ : -}, starting with a letter or digit (so never {@code .} or
 * {@code ..}, which a URL builder would resolve), at most 200 characters.
 */
public record WorkflowId(String value) {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

    public WorkflowId {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("a workflow id is 1 to 200 letters, digits, '.', '_', ':' or '-',"
                    + " starting with a letter or digit");
        }
    }

    /** The id, or null when {@code raw} is not one. */
    public static WorkflowId orNull(String raw) {
        return raw != null && SAFE.matcher(raw).matches() ? new WorkflowId(raw) : null;
    }

    @Override
    public String toString() {
        return value;
    }
}
