package io.github.anchorbatchmcp.anchor;

import java.time.Duration;

/** Small text helpers for messages and summaries. */
public final class Text {

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
}
