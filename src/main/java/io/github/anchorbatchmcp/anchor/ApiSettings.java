package io.github.anchorbatchmcp.anchor;

import java.net.URI;
import java.time.Duration;

/**
 * What the client needs to reach the API. The names of the environment variables that set them are
 * here too, because the client's messages tell people which one to change.
 *
 * @param apiKey null when none is set
 * @param baseUrl the API root, without a trailing slash
 * @param userAgent sent with every request: this server's name and version
 */
public record ApiSettings(URI baseUrl, String apiKey, Duration timeout, int maxRetries, String userAgent) {

    public static final String API_KEY_VARIABLE = "ANCHOR_API_KEY";
    public static final String BASE_URL_VARIABLE = "ANCHOR_BASE_URL";
    public static final String TIMEOUT_VARIABLE = "ANCHOR_TIMEOUT_SECONDS";

    public boolean hasApiKey() {
        return apiKey != null;
    }

    /** Never prints the key: records print every component by default. */
    @Override
    public String toString() {
        return "ApiSettings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "unset" : "set") + ", timeout="
                + timeout.toSeconds() + "s, maxRetries=" + maxRetries
                + ", userAgent=" + userAgent + "]";
    }
}
