package io.github.anchorbatchmcp.transport.auth;

/**
 * The server as an OAuth 2.1 resource server: whose tokens it takes, and the URL it is known by.
 *
 * @param issuer the authorization server's issuer URL, exactly as its tokens' {@code iss} say it
 * @param resource this server's canonical URL as clients reach it: the protected resource, and the
 *     audience every token must name (RFC 8707); null until the HTTP server knows its own address
 */
public record OAuthSettings(String issuer, String resource) {

    public static final String READ = "anchor:read";
    public static final String WRITE = "anchor:write";

    public OAuthSettings withResource(String r) {
        return new OAuthSettings(issuer, r);
    }
}
