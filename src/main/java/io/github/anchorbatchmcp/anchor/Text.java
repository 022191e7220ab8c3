package io.github.anchorbatchmcp.anchor;

import java.time.Duration;

/** Small text helpers for messages and summaries. */
public final class Text {

    /** The tools that messages send an agent to, by name. */
    static final String LIST_TOOL = "list_batch_sessions";
    static final String STATUS_TOOL = "get_batch_session_status";

    private Text() {
    }

    /** A duration as people read it. */
    public static String words(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = (ms + 500) / 1000;
        return s == 1 ? "1 second" : s + " seconds";
    }

    /** At most {@code max} characters, an ellipsis marking a cut. */
    public static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** The API's own words, as ": words" after a status code; nothing when it gave none. */
    static String detail(String apiMessage) {
        return apiMessage == null || apiMessage.isBlank() ? "" : ": " + apiMessage;
    }

    static String tries(int attempts) {
        return attempts == 1 ? "1 attempt" : attempts + " attempts";
    }
}
