package io.github.anchorbatchmcp.transport.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.EncryptedJWT;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The resource server's decisions, against an issuer of the test's own on loopback: the metadata,
 * every challenge, the tokens it takes (each asymmetric algorithm, the access-token types, the 60 s
 * skew, scopes and client from the claims IdPs use) and every kind it refuses, a key published after
 * start, the refetch bound, and an issuer whose keys cannot be had.
 */
class ResourceServerTest {

    static final String RESOURCE = "https://mcp.example.test/mcp";
    static final String METADATA_URL = "https://mcp.example.test/.well-known/oauth-protected-resource/mcp";
    static final String CHALLENGE = "Bearer resource_metadata=\"" + METADATA_URL + "\", scope=\"anchor:read\"";

    static TestIssuer issuer;
    static RSAKey stranger; // a key the issuer never published

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private ResourceServer server;

    @BeforeAll
    static void startTheIssuer() throws Exception {
        issuer = TestIssuer.start();
        stranger = issuer.newRsaKey();
    }

    @AfterAll
    static void stopTheIssuer() {
        issuer.close();
    }

    @BeforeEach
    void aFreshServerWithItsOwnKeyCache() {
        issuer.reset();
        server = new ResourceServer(new OAuthSettings(issuer.issuer(), RESOURCE), clock::get);
    }

    private Verdict check(String token) {
        return server.check("Bearer " + token, false);
    }

    private static Caller allowed(Verdict v) {
        return assertInstanceOf(Verdict.Allowed.class, v, v::toString).caller();
    }

    private static Verdict.Refused refused(Verdict v, int status) {
        Verdict.Refused r = assertInstanceOf(Verdict.Refused.class, v, v::toString);
        assertEquals(status, r.status(), r::toString);
        return r;
    }

    // ---- metadata and challenges

    @Test
    void theMetadataNamesTheResourceTheIssuerBothScopesAndTheHeaderOnly() {
        JsonNode m = JsonMapper.shared().readTree(server.metadata());
        assertEquals(RESOURCE, m.path("resource").asString());
        assertEquals(List.of(issuer.issuer()), strings(m.path("authorization_servers")));
        assertEquals(List.of("anchor:read", "anchor:write"), strings(m.path("scopes_supported")));
        assertEquals(List.of("header"), strings(m.path("bearer_methods_supported")));
    }

    private static List<String> strings(JsonNode array) {
        assertTrue(array.isArray(), array::toString);
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "https://mcp.example.com/mcp, https://mcp.example.com/.well-known/oauth-protected-resource/mcp",
        "https://mcp.example.com/mcp/, https://mcp.example.com/.well-known/oauth-protected-resource/mcp",
        "http://127.0.0.1:8931/mcp, http://127.0.0.1:8931/.well-known/oauth-protected-resource/mcp",
        "http://[::1]:8931/mcp, http://[::1]:8931/.well-known/oauth-protected-resource/mcp",
        "https://example.com/team/anchor/mcp, https://example.com/.well-known/oauth-protected-resource/team/anchor/mcp",
        "https://example.com, https://example.com/.well-known/oauth-protected-resource",
    })
    void theMetadataUrlInsertsTheWellKnownPathBeforeTheResourcePath(String resource, String metadataUrl) {
        assertEquals(metadataUrl, ResourceServer.metadataUrl(resource));
    }

    @Test
    void noTokenGetsTheChallengeWithoutAnError() {
        for (String header : new String[] {null, "", "   "}) {
            Verdict.Refused r = refused(server.check(header, false), 401);
            assertEquals(CHALLENGE, r.challenge(), "header " + header);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer    ", "Token abc", "Bearerabc"})
    void anAuthorizationHeaderThatIsNotABearerTokenIsAnInvalidRequest(String header) {
        Verdict.Refused r = refused(server.check(header, false), 401);
        assertTrue(r.challenge().startsWith(CHALLENGE + ", error=\"invalid_request\""), r.challenge());
    }

    @Test
    void aTokenInTheQueryIsNeverAcceptedEvenBesideAValidHeader() {
        String token = issuer.token(RESOURCE).sign();
        allowed(check(token));
        for (String header : new String[] {"Bearer " + token, null}) {
            Verdict.Refused r = refused(server.check(header, true), 401);
            assertTrue(r.challenge().startsWith(CHALLENGE + ", error=\"invalid_request\""), r.challenge());
        }
    }

    @Test
    void insufficientScopeIs403NamingTheScopesNeededAndTheMetadata() {
        Verdict.Refused r = server.insufficientScope(true);
        assertEquals(403, r.status());
        assertEquals("Bearer error=\"insufficient_scope\", scope=\"anchor:read anchor:write\", resource_metadata=\""
                + METADATA_URL + "\"", r.challenge());
        assertEquals("Bearer error=\"insufficient_scope\", scope=\"anchor:read\", resource_metadata=\""
                + METADATA_URL + "\"", server.insufficientScope(false).challenge(), "a read asks for read only");
        assertEquals("/.well-known/oauth-protected-resource/mcp", server.metadataPath());
    }

    // ---- tokens taken

    @Test
    void aTokenOfTheIssuerForThisResourceGivesItsCaller() {
        Caller c = allowed(check(issuer.token(RESOURCE).sign()));
        assertEquals("alice", c.subject());
        assertEquals("it-client", c.clientId());
        assertEquals(Set.of("anchor:read"), c.scopes());
        assertTrue(c.may(OAuthSettings.READ));
        assertFalse(c.may(OAuthSettings.WRITE));
        allowed(server.check("bearer " + issuer.token(RESOURCE).sign(), false)); // the scheme is case-insensitive
    }

    static Stream<Arguments> asymmetricAlgorithms() {
        return Stream.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("asymmetricAlgorithms")
    void everyAsymmetricAlgorithmIsTaken(String name) {
        JWSAlgorithm alg = JWSAlgorithm.parse(name);
        JWK key = name.startsWith("ES256") ? issuer.p256 : name.startsWith("ES384") ? issuer.p384
                : name.startsWith("ES512") ? issuer.p521 : issuer.rsa;
        allowed(check(issuer.token(RESOURCE).signedWith(key, alg).sign()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"at+jwt", "application/at+jwt", "JWT", "-"})
    void theAccessTokenTypesAndNoTypeAreTaken(String typ) {
        allowed(check(issuer.token(RESOURCE).type(typ.equals("-") ? null : typ).sign()));
    }

    @Test
    void anAudienceListNeedOnlyHoldTheResource() {
        allowed(check(issuer.token(RESOURCE).audience("https://other.example/api", RESOURCE).sign()));
    }

    @Test
    void withinSixtySecondsOfSkewATokenStillHolds() {
        allowed(check(issuer.token(RESOURCE).expiresIn(Duration.ofSeconds(-20)).sign()));
        allowed(check(issuer.token(RESOURCE).notBefore(Duration.ofSeconds(20)).sign()));
    }

    @Test
    void scopesAndClientAreReadFromTheClaimsIdentityProvidersUse() {
        assertEquals(Set.of("anchor:read", "anchor:write", "openid"), allowed(check(issuer.token(RESOURCE)
                .scope("  anchor:read   anchor:write openid ").sign())).scopes());
        assertEquals(Set.of("anchor:read", "anchor:write"), allowed(check(issuer.token(RESOURCE).without("scope")
                .claim("scp", List.of("anchor:read", "anchor:write")).sign())).scopes());
        assertEquals(Set.of("anchor:write"), allowed(check(issuer.token(RESOURCE).without("scope")
                .claim("scp", "anchor:write").sign())).scopes());
        Caller none = allowed(check(issuer.token(RESOURCE).without("scope").without("client_id").sign()));
        assertEquals(Set.of(), none.scopes());
        assertFalse(none.may(OAuthSettings.READ));
        assertNull(none.clientId());
        assertEquals("vscode", allowed(check(issuer.token(RESOURCE).without("client_id").claim("azp", "vscode")
                .sign())).clientId());
        assertEquals("okta-app", allowed(check(issuer.token(RESOURCE).without("client_id").claim("cid", "okta-app")
                .sign())).clientId());
    }

    // ---- tokens refused

    private static final byte[] SECRET = new byte[32];

    static {
        new SecureRandom().nextBytes(SECRET);
    }

    static Stream<Arguments> invalidTokens() {
        return Stream.of(
                invalid("expired two minutes ago", () -> issuer.token(RESOURCE).expiresIn(Duration.ofMinutes(-2)).sign()),
                invalid("valid only in two minutes", () -> issuer.token(RESOURCE).notBefore(Duration.ofMinutes(2))
                        .sign()),
                invalid("for another resource", () -> issuer.token(RESOURCE).audience("https://other.example/mcp")
                        .sign()),
                invalid("for the resource's origin only", () -> issuer.token(RESOURCE)
                        .audience("https://mcp.example.test").sign()),
                invalid("without an audience", () -> issuer.token(RESOURCE).without("aud").sign()),
                invalid("of another issuer", () -> issuer.token(RESOURCE).issuer("http://127.0.0.1:1/realms/other")
                        .sign()),
                invalid("of the issuer with a slash added", () -> issuer.token(RESOURCE).issuer(issuer.issuer() + "/")
                        .sign()),
                invalid("without a subject", () -> issuer.token(RESOURCE).without("sub").sign()),
                invalid("without an expiry", () -> issuer.token(RESOURCE).without("exp").sign()),
                invalid("signed by another key under the issuer's key id", () -> issuer.token(RESOURCE)
                        .signedWith(stranger, JWSAlgorithm.RS256).keyId(issuer.rsa.getKeyID()).sign()),
                invalid("a valid signature over other claims", () -> {
                    String[] real = issuer.token(RESOURCE).sign().split("\\.");
                    String[] wanted = issuer.token(RESOURCE).scope("anchor:read anchor:write").sign().split("\\.");
                    return real[0] + "." + wanted[1] + "." + real[2];
                }),
                invalid("alg none", () -> issuer.token(RESOURCE).unsigned()),
                invalid("alg none under the issuer's key id, with a signature", () -> {
                    String[] real = issuer.token(RESOURCE).sign().split("\\.");
                    String header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"rsa-1\",\"typ\":\"at+jwt\"}"
                            .getBytes(StandardCharsets.UTF_8)).toString();
                    return header + "." + real[1] + "." + real[2];
                }),
                invalid("HS256 with a secret", () -> issuer.token(RESOURCE).hmac(SECRET)),
                invalid("HS256 keyed with the issuer's public RSA key", () -> {
                    try {
                        return issuer.token(RESOURCE).hmac(issuer.rsa.toRSAPublicKey().getEncoded());
                    } catch (com.nimbusds.jose.JOSEException e) {
                        throw new IllegalStateException(e);
                    }
                }),
                invalid("encrypted (JWE) to the issuer's key", () -> {
                    try {
                        EncryptedJWT jwe = new EncryptedJWT(new JWEHeader(JWEAlgorithm.RSA_OAEP_256,
                                EncryptionMethod.A256GCM), issuer.token(RESOURCE).claims());
                        jwe.encrypt(new RSAEncrypter(issuer.rsa.toRSAPublicKey()));
                        return jwe.serialize();
                    } catch (com.nimbusds.jose.JOSEException e) {
                        throw new IllegalStateException(e);
                    }
                }),
                invalid("of a type that is not an access token", () -> issuer.token(RESOURCE).type("secevent+jwt")
                        .sign()),
                invalid("an opaque string", () -> "2YotnFZFEjr1zCsicMWpAA"),
                invalid("three parts of junk", () -> "a.b.c"));
    }

    private static Arguments invalid(String name, Supplier<String> token) {
        return Arguments.of(name, token);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTokens")
    void aTokenThatIsNotValidHereIs401InvalidToken(String name, Supplier<String> token) {
        String t = token.get();
        Verdict.Refused r = refused(check(t), 401);
        assertTrue(r.challenge().startsWith(CHALLENGE + ", error=\"invalid_token\", error_description=\""),
                r.challenge());
        assertFalse(r.challenge().contains(t) || r.reason().contains(t), "the token is never repeated");
        String signature = t.contains(".") ? t.substring(t.lastIndexOf('.') + 1) : t;
        assertFalse(signature.length() >= 16 && (r.challenge().contains(signature) || r.reason().contains(signature)),
                "nor its signature");
    }

    // ---- keys

    @Test
    void aKeyPublishedAfterTheFirstCheckIsFoundWithOneFetchOfTheKeySet() throws Exception {
        int before = issuer.jwksFetches();
        allowed(check(issuer.token(RESOURCE).sign()));
        allowed(check(issuer.token(RESOURCE).signedWith(issuer.p256, JWSAlgorithm.ES256).sign()));
        assertEquals(before + 1, issuer.jwksFetches(), "the key set is cached");

        RSAKey rotated = issuer.newRsaKey();
        issuer.publishOnly(rotated, issuer.p256);
        allowed(check(issuer.token(RESOURCE).signedWith(rotated, JWSAlgorithm.RS256).sign()));
        assertEquals(before + 2, issuer.jwksFetches(), "one fetch for the new key id");
        allowed(check(issuer.token(RESOURCE).signedWith(rotated, JWSAlgorithm.PS256).sign()));
        assertEquals(before + 2, issuer.jwksFetches(), "then cached again");
    }

    /**
     * Unknown key ids (a forger's, say) fetch the key set at most twice a minute, as nimbus's rate
     * limiter counts: the fetch that opened the minute and one more. Meanwhile a token with a known
     * key is still taken, from the cache.
     */
    @Test
    void unknownKeyIdsFetchTheKeySetAtMostTwiceAMinuteAndKnownKeysStillServe() throws Exception {
        int before = issuer.jwksFetches();
        allowed(check(issuer.token(RESOURCE).sign()));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String forged = issuer.token(RESOURCE).scope("anchor:read anchor:write").signedWith(stranger,
                    JWSAlgorithm.RS256).keyId("forged-" + i).sign();
            Verdict v = check(forged);
            assertInstanceOf(Verdict.Refused.class, v, "forged " + i);
            statuses.add(((Verdict.Refused) v).status());
            allowed(check(issuer.token(RESOURCE).sign()));
        }
        assertEquals(before + 2, issuer.jwksFetches(), "fetches for 1 + 5 unknown key ids, statuses " + statuses);
        // Every forged key id is the token's fault, looked up or not: 401, never a 503 that would send
        // clients back to retry forever (the limiter only spares the issuer the fetches).
        assertEquals(List.of(401, 401, 401, 401, 401), statuses);
    }

    @Test
    void aKeySetThatCannotBeFetchedIs503WithoutAChallengeThenServesOnceItCan() {
        issuer.failJwks(true);
        Verdict.Refused r = refused(check(issuer.token(RESOURCE).sign()), 503);
        assertNull(r.challenge(), "503 is no authentication failure");
        issuer.failJwks(false);
        allowed(check(issuer.token(RESOURCE).sign()));
    }

    @Test
    void anIssuerThatCannotBeReachedIs503AndIsAskedAgainAfterTenSeconds() throws Exception {
        try (TestIssuer late = TestIssuer.notStarted()) {
            ResourceServer rs = new ResourceServer(new OAuthSettings(late.issuer(), RESOURCE), clock::get);
            String token = late.token(RESOURCE).sign();
            Verdict.Refused r = refused(rs.check("Bearer " + token, false), 503);
            assertNull(r.challenge());
            late.startServing();
            refused(rs.check("Bearer " + token, false), 503);
            assertEquals(0, late.metadataFetches(), "not asked again within 10 s");
            clock.addAndGet(Duration.ofSeconds(10).toNanos());
            assertEquals("alice", allowed(rs.check("Bearer " + token, false)).subject());
            assertEquals(1, late.metadataFetches());
        }
    }

    @Test
    void metadataThatNamesAnotherIssuerIsNotTrusted() {
        issuer.metadataSaysIssuer(TestIssuer.Discovery.RFC8414, "https://idp.evil.example/realms/it");
        refused(check(issuer.token(RESOURCE).sign()), 503);
    }
}
