package io.github.anchorbatchmcp;

import io.github.anchorbatchmcp.anchor.ApiSettings;
import io.github.anchorbatchmcp.tools.CreateBatchTool;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the server reads from its environment, read once at start.
 *
 * @param apiKey the Anchor API key, or null when none is set (the server still starts; the tool says how to set it)
 * @param baseUrl the API root, without a trailing slash
 */
public record Config(String apiKey, URI baseUrl, Duration timeout, int maxRetries, int maxListedSessions,
        int maxBatchSize, int maxDrivenSessions, boolean readOnly) {

    public static final String API_KEY = ApiSettings.API_KEY_VARIABLE;
    public static final String API_KEY_FALLBACK = "ANCHORBROWSER_API_KEY";
    public static final String BASE_URL = ApiSettings.BASE_URL_VARIABLE;
    public static final String TIMEOUT_SECONDS = ApiSettings.TIMEOUT_VARIABLE;
    public static final String MAX_RETRIES = "ANCHOR_MAX_RETRIES";
    public static final String MAX_LISTED_SESSIONS = "ANCHOR_MAX_LISTED_SESSIONS";
    public static final String MAX_BATCH_SIZE = CreateBatchTool.MAX_BATCH_SIZE_VARIABLE;
    public static final String MAX_DRIVEN_SESSIONS = "ANCHOR_MAX_DRIVEN_SESSIONS";
    public static final String READ_ONLY = "ANCHOR_READ_ONLY";

    public static final String DEFAULT_BASE_URL = "https://api.anchorbrowser.io";
    public static final int DEFAULT_TIMEOUT_SECONDS = 30;
    public static final int DEFAULT_MAX_RETRIES = 2;
    public static final int DEFAULT_MAX_LISTED_SESSIONS = 20;
    public static final int DEFAULT_MAX_BATCH_SIZE = 10;
    public static final int DEFAULT_MAX_DRIVEN_SESSIONS = 10;

    /** A configuration value the server cannot start with; the message names the variable. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }

    public static Config fromEnv(Map<String, String> env) {
        return new Config(
                apiKey(env),
                baseUrl(env),
                Duration.ofSeconds(integer(env, TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS, 1, 600)),
                integer(env, MAX_RETRIES, DEFAULT_MAX_RETRIES, 0, 10),
                integer(env, MAX_LISTED_SESSIONS, DEFAULT_MAX_LISTED_SESSIONS, 1, 100),
                integer(env, MAX_BATCH_SIZE, DEFAULT_MAX_BATCH_SIZE, 1, 1000),
                integer(env, MAX_DRIVEN_SESSIONS, DEFAULT_MAX_DRIVEN_SESSIONS, 1, 50),
                bool(env, READ_ONLY));
    }

    /** The same settings, pointed at another API (the demo's simulator). */
    public Config withApi(URI otherBaseUrl, String otherKey) {
        return new Config(otherKey, otherBaseUrl, timeout, maxRetries, maxListedSessions, maxBatchSize,
                maxDrivenSessions, readOnly);
    }

    /** What the Anchor API client needs of these settings. */
    public ApiSettings api() {
        return new ApiSettings(baseUrl, apiKey, timeout, maxRetries, Version.NAME + "/" + Version.VALUE);
    }

    public boolean hasApiKey() {
        return apiKey != null;
    }

    /** Never prints the key: records print every component by default. */
    @Override
    public String toString() {
        return "Config[apiKey=" + (apiKey == null ? "unset" : "set") + ", baseUrl=" + baseUrl
                + ", timeout=" + timeout.toSeconds() + "s, maxRetries=" + maxRetries
                + ", maxListedSessions=" + maxListedSessions + ", maxBatchSize=" + maxBatchSize
                + ", maxDrivenSessions=" + maxDrivenSessions + ", readOnly=" + readOnly
                + "]";
    }

    private static String apiKey(Map<String, String> env) {
        String name = API_KEY;
        String key = blankToNull(env.get(API_KEY));
        if (key == null) {
            name = API_KEY_FALLBACK;
            key = blankToNull(env.get(API_KEY_FALLBACK));
        }
        if (key == null) {
            return null;
        }
        // OkHttp would echo a header value it refuses in its exception message: refuse it here, without echoing.
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new ConfigException(name + " contains a character that cannot be sent in an HTTP header"
                        + " (position " + (i + 1) + "); copy the key again without spaces or line breaks");
            }
        }
        return key;
    }

    private static URI baseUrl(Map<String, String> env) {
        String raw = blankToNull(env.get(BASE_URL));
        if (raw == null) {
            return URI.create(DEFAULT_BASE_URL);
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new ConfigException(BASE_URL + " is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new ConfigException(BASE_URL + " must start with https:// (got \"" + raw + "\")");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ConfigException(BASE_URL + " has no host (got \"" + raw + "\")");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ConfigException(BASE_URL + " must be a plain API root such as " + DEFAULT_BASE_URL
                    + ", without user info, query or fragment");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new ConfigException(BASE_URL + " uses http:// for a host that is not loopback, which would send"
                    + " the API key in clear text; use https:// (http:// is allowed only for localhost)");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    /** Decides from the literal host only: no name lookup at start. */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a name other than localhost: never resolved here
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal address: parsed, not looked up
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
        String raw = blankToNull(env.get(name));
        if (raw == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number from " + min + " to " + max
                    + " (got \"" + raw + "\")");
        }
        if (value < min || value > max) {
            throw new ConfigException(name + " must be from " + min + " to " + max + " (got " + value + ")");
        }
        return value;
    }

    private static boolean bool(Map<String, String> env, String name) {
        String raw = blankToNull(env.get(name));
        if (raw == null || raw.equalsIgnoreCase("false")) {
            return false;
        }
        if (raw.equalsIgnoreCase("true")) {
            return true;
        }
        throw new ConfigException(name + " must be true or false (got \"" + raw + "\")");
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
