package io.github.anchorbatchmcp.transport.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Where the issuer's keys are found (its metadata, in three places), the cache, and an issuer away. */
class IssuerKeysTest {

    private final AtomicLong clock = new AtomicLong(5_000_000_000L);

    private static JWKSelector kid(String kid) {
        return new JWKSelector(new JWKMatcher.Builder().keyID(kid).build());
    }

    @Test
    void theMetadataIsLookedForWhereRfc8414AndOpenIdConnectPutIt() {
        assertEquals(List.of("https://idp.example.com/.well-known/oauth-authorization-server/realms/team",
                "https://idp.example.com/realms/team/.well-known/openid-configuration",
                "https://idp.example.com/realms/team/.well-known/oauth-authorization-server"),
                IssuerKeys.metadataUrls("https://idp.example.com/realms/team"));
        assertEquals(IssuerKeys.metadataUrls("https://idp.example.com/realms/team"),
                IssuerKeys.metadataUrls("https://idp.example.com/realms/team/"));
        assertEquals(List.of("https://login.example.com:8443/.well-known/oauth-authorization-server",
                "https://login.example.com:8443/.well-known/openid-configuration"),
                IssuerKeys.metadataUrls("https://login.example.com:8443"));
        assertEquals(IssuerKeys.metadataUrls("https://login.example.com:8443"),
                IssuerKeys.metadataUrls("https://login.example.com:8443/"));
    }

    @ParameterizedTest
    @EnumSource(TestIssuer.Discovery.class)
    void theKeysAreFoundFromMetadataAtAnyOfTheThreePlaces(TestIssuer.Discovery where) throws Exception {
        try (TestIssuer issuer = TestIssuer.startOn(TestIssuer.freePort(), TestIssuer.PATH, EnumSet.of(where))) {
            IssuerKeys keys = new IssuerKeys(issuer.issuer(), clock::get);
            List<JWK> found = keys.get(kid("rsa-1"), null);
            assertEquals(1, found.size());
            assertEquals(issuer.rsa.toPublicJWK(), found.get(0));
        }
    }

    @Test
    void aDocumentNamingAnotherIssuerIsPassedOverForTheNextPlace() throws Exception {
        try (TestIssuer issuer = TestIssuer.startOn(TestIssuer.freePort(), TestIssuer.PATH,
                EnumSet.of(TestIssuer.Discovery.RFC8414, TestIssuer.Discovery.OPENID))) {
            issuer.metadataSaysIssuer(TestIssuer.Discovery.RFC8414, "https://idp.evil.example/realms/it");
            assertEquals(1, new IssuerKeys(issuer.issuer(), clock::get).get(kid("ec256-1"), null).size());
            assertEquals(2, issuer.metadataFetches());
        }
    }

    @Test
    void noDocumentForThisIssuerOrNoJwksUriMeansNoKeys() throws Exception {
        try (TestIssuer issuer = TestIssuer.start()) {
            issuer.metadataSaysIssuer(TestIssuer.Discovery.RFC8414, issuer.issuer() + "/");
            KeySourceException e = assertThrows(KeySourceException.class,
                    () -> new IssuerKeys(issuer.issuer(), clock::get).get(kid("rsa-1"), null));
            assertTrue(e.getMessage().contains("names another issuer"), e.getMessage());
            issuer.reset();
            issuer.metadataWithoutJwksUri(true);
            e = assertThrows(KeySourceException.class,
                    () -> new IssuerKeys(issuer.issuer(), clock::get).get(kid("rsa-1"), null));
            assertTrue(e.getMessage().contains("has no jwks_uri"), e.getMessage());
            assertEquals(0, issuer.jwksFetches());
        }
    }

    @Test
    void theMetadataAndTheKeySetAreFetchedOnceThenCached() throws Exception {
        try (TestIssuer issuer = TestIssuer.start()) {
            IssuerKeys keys = new IssuerKeys(issuer.issuer(), clock::get);
            for (int i = 0; i < 20; i++) {
                assertEquals(1, keys.get(kid(i % 2 == 0 ? "rsa-1" : "ec384-1"), null).size());
            }
            assertEquals(1, issuer.metadataFetches());
            assertEquals(1, issuer.jwksFetches());
        }
    }

    @Test
    void anIssuerAwayFailsTheLookUpAndIsAskedAgainOnlyAfterTenSeconds() throws Exception {
        try (TestIssuer issuer = TestIssuer.notStarted()) {
            IssuerKeys keys = new IssuerKeys(issuer.issuer(), clock::get);
            assertThrows(KeySourceException.class, () -> keys.get(kid("rsa-1"), null));
            issuer.startServing();
            clock.addAndGet(Duration.ofSeconds(9).toNanos());
            KeySourceException again = assertThrows(KeySourceException.class, () -> keys.get(kid("rsa-1"), null));
            assertTrue(again.getMessage().contains("could not be read"), again.getMessage());
            assertEquals(0, issuer.metadataFetches());
            clock.addAndGet(Duration.ofSeconds(1).toNanos());
            assertEquals(1, keys.get(kid("rsa-1"), null).size());
            assertEquals(1, issuer.metadataFetches());
        }
    }
}
