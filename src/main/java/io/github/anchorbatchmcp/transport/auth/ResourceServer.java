package io.github.anchorbatchmcp.transport.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server as an OAuth 2.1 resource server (MCP authorization, RFC 9728, RFC 6750): the protected
 * resource metadata it publishes, the checks of a request's bearer token (a JWT signed by the issuer,
 * asymmetric algorithms only, for this resource, in date), and the challenges it answers otherwise.
 * It decides before a request reaches a tool; what passes on is a {@link Caller}, never the token.
 */
public final class ResourceServer {

    /** Where clients look for the metadata: RFC 9728's path for a resource at /mcp, and the root one. */
    public static final List<String> METADATA_PATHS = List.of("/.well-known/oauth-protected-resource/mcp",
            "/.well-known/oauth-protected-resource");
    static final int CLOCK_SKEW_SECONDS = 60;
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);

    private final OAuthSettings settings;
    private final String metadataUrl;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public ResourceServer(OAuthSettings settings) {
        this(settings, System::nanoTime);
    }

    ResourceServer(OAuthSettings settings, LongSupplier nanoTime) {
        if (settings.resource() == null) {
            throw new IllegalArgumentException("the resource URL must be known");
        }
        this.settings = settings;
        this.metadataUrl = metadataUrl(settings.resource());
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"),
                new JOSEObjectType("application/at+jwt"), JOSEObjectType.JWT, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS,
                new IssuerKeys(settings.issuer(), nanoTime)));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(settings.resource()), new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                Set.of("iss", "aud", "exp", "sub"), null);
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    public OAuthSettings settings() {
        return settings;
    }

    /** The RFC 9728 document, the same at both {@link #METADATA_PATHS}. */
    public String metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resource", settings.resource());
        m.put("authorization_servers", List.of(settings.issuer()));
        m.put("scopes_supported", List.of(OAuthSettings.READ, OAuthSettings.WRITE));
        m.put("bearer_methods_supported", List.of("header"));
        m.put("resource_name", "anchor-batch-mcp");
        return JsonMapper.shared().writeValueAsString(m);
    }

    /**
     * Checks a request's credentials.
     *
     * @param authorization its {@code Authorization} header, or null
     * @param tokenInQuery whether its URL carries an {@code access_token} (never accepted)
     */
    public Verdict check(String authorization, boolean tokenInQuery) {
        if (tokenInQuery) {
            return unauthorized("invalid_request", "an access token in the URL is never accepted: send it in the"
                    + " Authorization header");
        }
        if (authorization == null || authorization.isBlank()) {
            return new Verdict.Refused(401, challenge(null, null), "no access token");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.substring(7).isBlank()) {
            return unauthorized("invalid_request", "the Authorization header is not a Bearer token");
        }
        String token = authorization.substring(7).strip();
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (com.nimbusds.jose.jwk.source.RateLimitReachedException e) {
            // The key set was fetched just now and holds no such key: the token's, not the issuer's, fault.
            return unauthorized("invalid_token", "the token is signed with a key the issuer does not publish");
        } catch (KeySourceException e) {
            return new Verdict.Refused(503, null, "the issuer's keys cannot be had now; try again shortly");
        } catch (java.text.ParseException e) {
            return unauthorized("invalid_token", "the token is not a JWT");
        } catch (com.nimbusds.jose.proc.BadJOSEException | com.nimbusds.jose.JOSEException e) {
            return unauthorized("invalid_token", "the token is not valid here (" + reason(e) + ")");
        }
        return new Verdict.Allowed(new Caller(claims.getSubject(), clientId(claims), scopes(claims)));
    }

    /**
     * 403 for a caller whose token lacks the scope a request needs: {@code anchor:write} for a call that
     * changes or costs something (the challenge then asks for both), else {@code anchor:read}.
     */
    public Verdict.Refused insufficientScope(boolean write) {
        String scope = write ? OAuthSettings.READ + " " + OAuthSettings.WRITE : OAuthSettings.READ;
        return new Verdict.Refused(403, "Bearer error=\"insufficient_scope\", scope=\"" + scope
                + "\", resource_metadata=\"" + metadataUrl + "\"", "this request needs the scope "
                + (write ? OAuthSettings.WRITE : OAuthSettings.READ));
    }

    /** The path of this resource's metadata on this server: {@code /.well-known/oauth-protected-resource} and the resource's path. */
    public String metadataPath() {
        return URI.create(metadataUrl).getRawPath();
    }

    private Verdict.Refused unauthorized(String error, String reason) {
        return new Verdict.Refused(401, challenge(error, reason), reason);
    }

    private String challenge(String error, String description) {
        StringBuilder c = new StringBuilder("Bearer resource_metadata=\"").append(metadataUrl)
                .append("\", scope=\"").append(OAuthSettings.READ).append('"');
        if (error != null) {
            c.append(", error=\"").append(error).append("\", error_description=\"")
                    .append(description.replace("\"", "'")).append('"');
        }
        return c.toString();
    }

    /** A few words from the library's reason, never the token: its messages name claims, not values. */
    private static String reason(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replaceAll("[^\\x20-\\x7e]", "?").replace("\"", "'");
        return m.length() > 120 ? m.substring(0, 119) + "~" : m;
    }

    /** The metadata URL for a resource: RFC 9728 inserts the well-known path before the resource's path. */
    static String metadataUrl(String resource) {
        URI u = URI.create(resource);
        String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
        return u.getScheme() + "://" + u.getRawAuthority() + "/.well-known/oauth-protected-resource" + path;
    }

    private static String clientId(JWTClaimsSet c) {
        for (String name : List.of("client_id", "azp", "cid")) {
            Object v = c.getClaim(name);
            if (v instanceof String s && !s.isBlank()) {
                return s;
            }
        }
        return null;
    }

    /** {@code scope} (space-separated, RFC 9068) or {@code scp} (a list or a string, as some IdPs write it). */
    private static Set<String> scopes(JWTClaimsSet c) {
        Set<String> out = new LinkedHashSet<>();
        for (String name : List.of("scope", "scp")) {
            Object v = c.getClaim(name);
            if (v instanceof String s) {
                out.addAll(List.of(s.strip().split("\\s+")));
            } else if (v instanceof List<?> list) {
                list.forEach(x -> out.add(String.valueOf(x)));
            }
        }
        out.remove("");
        return Set.copyOf(out);
    }
}
