package io.github.anchorbatchmcp.transport.http;

import io.github.anchorbatchmcp.transport.auth.OAuthSettings;
import java.time.Duration;
import java.util.List;

/**
 * What {@code --http} serves with, read once at start (see the root package's HttpConfig).
 *
 * @param loopback whether {@code host} is a loopback address (then a Host header must name loopback too)
 * @param token the bearer token every /mcp request must carry, or null for none (loopback, or OAuth)
 * @param oauth the authorization server whose tokens every /mcp request must carry, or null
 * @param allowedOrigins the Origins a browser may send; empty: only loopback origins
 * @param maxInFlight most /mcp requests served at once; more get 503 with Retry-After
 */
public record HttpSettings(String host, int port, boolean loopback, String token, OAuthSettings oauth,
        List<String> allowedOrigins, Duration drain, int maxInFlight) {

    /** Never prints the token. */
    @Override
    public String toString() {
        return "HttpSettings[host=" + host + ", port=" + port + ", token=" + (token == null ? "unset" : "set")
                + ", oauth=" + (oauth == null ? "off" : oauth.issuer()) + ", allowedOrigins=" + allowedOrigins
                + ", drain=" + drain.toSeconds() + "s, maxInFlight=" + maxInFlight + "]";
    }
}
