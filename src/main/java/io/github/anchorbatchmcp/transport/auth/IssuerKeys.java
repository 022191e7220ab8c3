package io.github.anchorbatchmcp.transport.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The issuer's signing keys: where they are is read from its metadata (RFC 8414, or OpenID Connect
 * discovery) on first need, then the key set is cached. A token signed with a key not in the cache
 * makes one fetch of the key set, so that a rotation needs no restart. Fetches are rate-limited by
 * nimbus's limiter, which lets two through in each minute (the one that opens the minute, counting
 * the first load, and one more); a fetch it refuses fails {@link #get} as one that cannot be had (503),
 * also for a key id the issuer never had (ResourceServerTest pins this). An issuer that cannot be
 * reached makes {@link #get} fail (the request then gets 503), never the process; its metadata is
 * asked for again at most every 10 s.
 */
final class IssuerKeys implements JWKSource<SecurityContext> {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_DOCUMENT = 256 * 1024;
    static final Duration CACHE = Duration.ofMinutes(15);
    static final Duration REFETCH_AT_MOST_EVERY = Duration.ofMinutes(1);
    static final Duration DISCOVERY_RETRY = Duration.ofSeconds(10);

    private final String issuer;
    private final DefaultResourceRetriever retriever = new DefaultResourceRetriever((int) TIMEOUT.toMillis(),
            (int) TIMEOUT.toMillis(), MAX_DOCUMENT);
    private final LongSupplier nanoTime;
    private volatile JWKSource<SecurityContext> keys;
    private long lastDiscovery; // guarded by this
    private String lastProblem; // guarded by this

    IssuerKeys(String issuer, LongSupplier nanoTime) {
        this.issuer = issuer;
        this.nanoTime = nanoTime;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        return source().get(selector, context);
    }

    private JWKSource<SecurityContext> source() throws KeySourceException {
        JWKSource<SecurityContext> k = keys;
        if (k != null) {
            return k;
        }
        synchronized (this) {
            if (keys != null) {
                return keys;
            }
            long now = nanoTime.getAsLong();
            if (lastProblem != null && now - lastDiscovery < DISCOVERY_RETRY.toNanos()) {
                throw new KeySourceException(lastProblem);
            }
            lastDiscovery = now;
            try {
                URL jwks = URI.create(jwksUri()).toURL();
                keys = JWKSourceBuilder.<SecurityContext>create(jwks, retriever)
                        .cache(CACHE.toMillis(), TIMEOUT.toMillis())
                        .rateLimited(REFETCH_AT_MOST_EVERY.toMillis())
                        .retrying(true)
                        .build();
                lastProblem = null;
                return keys;
            } catch (IOException | IllegalArgumentException e) {
                lastProblem = "the issuer's metadata could not be read: " + e.getMessage();
                throw new KeySourceException(lastProblem);
            }
        }
    }

    /** The {@code jwks_uri} of the first metadata document that names this issuer. */
    private String jwksUri() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String url : metadataUrls(issuer)) {
            try {
                Resource doc = retriever.retrieveResource(URI.create(url).toURL());
                JsonNode m = JsonMapper.shared().readTree(doc.getContent());
                if (!issuer.equals(m.path("issuer").asString(null))) {
                    problems.add(url + " names another issuer");
                    continue;
                }
                String jwks = m.path("jwks_uri").asString(null);
                if (jwks == null || !(jwks.startsWith("https://") || jwks.startsWith("http://"))) {
                    problems.add(url + " has no jwks_uri");
                    continue;
                }
                return jwks;
            } catch (IOException | RuntimeException e) {
                problems.add(url + ": " + e.getClass().getSimpleName());
            }
        }
        throw new IOException(String.join("; ", problems));
    }

    /**
     * Where an issuer's metadata may be: RFC 8414's well-known URI (inserted before the issuer's path),
     * OpenID Connect's (appended to it), and the appended form of RFC 8414 some servers use.
     */
    static List<String> metadataUrls(String issuer) {
        URI u = URI.create(issuer);
        String origin = u.getScheme() + "://" + u.getRawAuthority();
        String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
        List<String> urls = new ArrayList<>(List.of(origin + "/.well-known/oauth-authorization-server" + path,
                origin + path + "/.well-known/openid-configuration"));
        if (!path.isEmpty()) {
            urls.add(origin + path + "/.well-known/oauth-authorization-server");
        }
        return urls;
    }
}
