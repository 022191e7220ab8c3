package io.github.anchorbatchmcp.tools;

import io.github.anchorbatchmcp.anchor.Text;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A URL a browser is sent to, checked before any request: absolute {@code http} or {@code https} with a
 * host, at most 2,048 characters, no white space or control characters. Anything else
 * ({@code javascript:}, {@code file:}, {@code ftp:}, plain text) is refused with a sentence saying why.
 */
public final class TargetUrl {

    static final int MAX_LENGTH = 2048;

    private TargetUrl() {
    }

    /** @param name the argument, as the message names it: "url", "urls[2]" */
    public static String check(String url, String name) {
        if (url.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(name + " is " + url.length() + " characters long; at most " + MAX_LENGTH
                    + " are allowed.");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)
                    || Character.getType(c) == Character.FORMAT) { // bidi overrides and zero-width characters too
                throw new IllegalArgumentException(name + " must be an absolute http:// or https:// URL without spaces,"
                        + " line breaks or invisible characters (got " + quote(url) + "); percent-encode them (a space"
                        + " is %20).");
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + " is not a valid URL (got " + quote(url) + "): "
                    + Text.clip(e.getReason(), 80) + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(name + " must be an absolute http:// or https:// URL (got "
                    + quote(url) + ")" + (scheme.isEmpty() ? "; add https:// in front." : ": " + scheme
                    + ": URLs are not opened."));
        }
        if (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) { // a name URI cannot parse (IDN) is fine
            throw new IllegalArgumentException(name + " has no host (got " + quote(url) + ").");
        }
        return url;
    }

    private static String quote(String s) {
        return "\"" + Text.clip(s, 80).replaceAll("[\\p{Cc}\\p{Cf}]", "?") + "\"";
    }
}
