package io.github.anchorbatchmcp.anchor;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Masks secrets in text that came from the API before anything else sees it: the API key wherever
 * it stands, the value of any URL parameter named like an API key (a CDP URL may carry
 * {@code apiKey=…}), and the secrets of one request (a custom proxy's password), should the API
 * echo them back.
 */
final class Redactor {

    static final String MASK = "***";

    private static final Pattern KEY_PARAM = Pattern.compile(
            "(?i)([?&;#](?:api[_-]?key|anchor[_-]api[_-]key|x[_-]api[_-]key)=)[^&#;\\s\"']*");

    private final String key;
    /** Literal secrets besides the key, longest first so that one inside another is masked whole. */
    private final List<String> secrets;

    Redactor(String key) {
        this(key, List.of());
    }

    private Redactor(String key, List<String> secrets) {
        this.key = key == null || key.isEmpty() ? null : key;
        this.secrets = secrets;
    }

    /**
     * A redactor that also masks {@code more}, as written and as it would stand percent-encoded in a
     * URL (a proxy URL echoed with its credentials).
     */
    Redactor alsoMasking(Collection<String> more) {
        List<String> all = new ArrayList<>(secrets);
        for (String s : more) {
            if (s != null && !s.isEmpty()) {
                all.add(s);
                String encoded = URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
                if (!encoded.equals(s)) {
                    all.add(encoded);
                }
            }
        }
        all.sort((a, b) -> b.length() - a.length());
        return all.isEmpty() ? this : new Redactor(key, List.copyOf(all));
    }

    String scrub(String s) {
        if (s == null) {
            return null;
        }
        String out = key != null && s.contains(key) ? s.replace(key, MASK) : s;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return mayHaveKeyParam(out) ? KEY_PARAM.matcher(out).replaceAll("$1" + MASK) : out;
    }

    /**
     * {@link #scrub} for the beginning of a longer text: the end, where the rest was cut off, may hold
     * the first part of the key or a secret, which is dropped (it is not whole, so scrubbing misses it).
     */
    String scrubCut(String s) {
        String out = scrub(s);
        int drop = 0;
        for (String secret : key == null ? secrets : concat(key, secrets)) {
            for (int n = Math.min(secret.length() - 1, out.length()); n > drop; n--) {
                if (out.regionMatches(out.length() - n, secret, 0, n)) {
                    drop = n;
                    break;
                }
            }
        }
        return out.substring(0, out.length() - drop);
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest);
        all.add(0, first);
        return all;
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
