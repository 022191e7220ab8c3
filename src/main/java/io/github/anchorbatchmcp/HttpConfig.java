package io.github.anchorbatchmcp;

import io.github.anchorbatchmcp.Config.ConfigException;
import io.github.anchorbatchmcp.transport.auth.OAuthSettings;
import io.github.anchorbatchmcp.transport.http.HttpSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code --http} adds to {@link Config}: read once at start, in the --http branch only. */
final class HttpConfig {

    static final String TOKEN = "ANCHOR_MCP_HTTP_TOKEN";
    static final String TOKEN_FILE = "ANCHOR_MCP_HTTP_TOKEN_FILE";
    static final String ALLOWED_ORIGINS = "ANCHOR_MCP_ALLOWED_ORIGINS";
    static final String DRAIN_SECONDS = "ANCHOR_MCP_DRAIN_SECONDS";
    static final String MAX_IN_FLIGHT = "ANCHOR_MCP_MAX_IN_FLIGHT";
    static final String OAUTH_ISSUER = "ANCHOR_MCP_OAUTH_ISSUER";
    static final String PUBLIC_URL = "ANCHOR_MCP_PUBLIC_URL";

    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_DRAIN_SECONDS = 10;
    /** As many as the Anchor client sends at once, so that no admitted call waits in its queue. */
    static final int DEFAULT_MAX_IN_FLIGHT = 64;

    private HttpConfig() {
    }

    /** @param address the argument of --http: {@code [HOST:]PORT}, HOST an IPv6 literal in brackets */
    static HttpSettings fromEnv(String address, Map<String, String> env) {
        String host = DEFAULT_HOST;
        String port = address;
        int colon = address.lastIndexOf(':');
        if (colon >= 0) {
            host = address.substring(0, colon);
            port = address.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
        }
        if (host.isEmpty() || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
            throw new ConfigException("--http takes [HOST:]PORT, PORT from 0 (a free port) to 65535 (got \""
                    + address + "\")");
        }
        boolean loopback = Config.isLoopback(host);
        String token = token(env);
        OAuthSettings oauth = oauth(env);
        if (oauth != null && token != null) {
            String which = Config.blankToNull(env.get(TOKEN_FILE)) != null ? TOKEN_FILE : TOKEN; // blank is unset
            throw new ConfigException("both " + OAUTH_ISSUER + " and " + which + " are set: a deployment takes OAuth"
                    + " access tokens or one shared token, not both");
        }
        if (oauth != null && oauth.resource() == null && !loopback) {
            throw new ConfigException(PUBLIC_URL + " is not set: serving on " + host + " with OAuth needs this"
                    + " server's URL as clients reach it (such as https://mcp.example.com/mcp), the audience of its"
                    + " tokens");
        }
        if (token == null && oauth == null && !loopback) {
            throw new ConfigException(TOKEN + " is not set: serving on " + host + ", which is not loopback, needs"
                    + " a bearer token (set " + TOKEN + " or " + TOKEN_FILE + ", or " + OAUTH_ISSUER + ", or serve on"
                    + " 127.0.0.1)");
        }
        return new HttpSettings(host, Integer.parseInt(port), loopback, token, oauth, origins(env),
                Duration.ofSeconds(Config.integer(env, DRAIN_SECONDS, DEFAULT_DRAIN_SECONDS, 0, 600)),
                Config.integer(env, MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT, 1, DEFAULT_MAX_IN_FLIGHT));
    }

    private static String token(Map<String, String> env) {
        String value = Config.blankToNull(env.get(TOKEN));
        String file = Config.blankToNull(env.get(TOKEN_FILE));
        if (value != null && file != null) {
            throw new ConfigException("both " + TOKEN + " and " + TOKEN_FILE + " are set; set one");
        }
        if (file != null) {
            try {
                value = Config.blankToNull(Files.readString(Path.of(file), StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                throw new ConfigException(TOKEN_FILE + " names a file that cannot be read (" + file + ")");
            }
            if (value == null) {
                throw new ConfigException(TOKEN_FILE + " names an empty file (" + file + ")");
            }
        }
        if (value != null && !value.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw new ConfigException((file != null ? TOKEN_FILE : TOKEN)
                    + " holds a character a client cannot send in an Authorization header (spaces, line breaks)");
        }
        return value;
    }

    /** OAuth, when an issuer is set; the resource URL is null until the server knows its own address. */
    private static OAuthSettings oauth(Map<String, String> env) {
        String issuer = Config.blankToNull(env.get(OAUTH_ISSUER));
        String publicUrl = Config.blankToNull(env.get(PUBLIC_URL));
        if (issuer == null) {
            if (publicUrl != null) {
                throw new ConfigException(PUBLIC_URL + " is set without " + OAUTH_ISSUER + ": it is the audience of"
                        + " OAuth access tokens, and is used only with OAuth");
            }
            return null;
        }
        checkUrl(OAUTH_ISSUER, issuer, false);
        if (publicUrl != null) {
            checkUrl(PUBLIC_URL, publicUrl, true);
        }
        return new OAuthSettings(issuer, publicUrl);
    }

    /** An absolute http(s) URL without query or fragment; http:// only for loopback (tokens and keys travel on it). */
    private static void checkUrl(String name, String raw, boolean httpAnywhere) {
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new ConfigException(name + " is not a URL (got \"" + raw + "\")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new ConfigException(name + " must be an https:// URL with a host and no query, such as"
                    + " https://idp.example.com/realms/team (got \"" + raw + "\")");
        }
        if (scheme.equals("http") && !httpAnywhere && !Config.isLoopback(uri.getHost())) {
            throw new ConfigException(name + " uses http:// for a host that is not loopback; use https:// (http:// is"
                    + " allowed only for localhost)");
        }
    }

    private static List<String> origins(Map<String, String> env) {
        String raw = Config.blankToNull(env.get(ALLOWED_ORIGINS));
        if (raw == null) {
            return List.of();
        }
        List<String> origins = Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.replaceAll("/+$", "")).toList();
        for (String o : origins) {
            if (!o.matches("https?://[^/\\s]+")) {
                throw new ConfigException(ALLOWED_ORIGINS + " takes origins such as https://app.example.com,"
                        + " comma-separated (got \"" + o + "\")");
            }
        }
        return origins;
    }
}
