package io.github.anchorbatchmcp.anchor;

import java.util.regex.Pattern;

/**
 * Masks the API key in text that came from the API before anything else sees it: the literal key
 * wherever it stands, and the value of any URL parameter named like an API key (a CDP URL may
 * carry {@code apiKey=…}).
 */
final class Redactor {

    static final String MASK = "***";

    private static final Pattern KEY_PARAM = Pattern.compile(
            "(?i)([?&;#](?:api[_-]?key|anchor[_-]api[_-]key|x[_-]api[_-]key)=)[^&#;\\s\"']*");

    private final String key;

    Redactor(String key) {
        this.key = key == null || key.isEmpty() ? null : key;
    }

    String scrub(String s) {
        if (s == null) {
            return null;
        }
        String out = key != null && s.contains(key) ? s.replace(key, MASK) : s;
        return mayHaveKeyParam(out) ? KEY_PARAM.matcher(out).replaceAll("$1" + MASK) : out;
    }

    /** A cheap test that keeps the regex off the many strings that cannot match: a "key=" somewhere. */
    private static boolean mayHaveKeyParam(String s) {
        for (int i = s.indexOf('='); i >= 3; i = s.indexOf('=', i + 1)) {
            if (s.regionMatches(true, i - 3, "key", 0, 3)) {
                return true;
            }
        }
        return false;
    }
}
