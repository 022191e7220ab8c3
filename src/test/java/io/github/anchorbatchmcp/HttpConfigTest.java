package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.transport.auth.OAuthSettings;
import io.github.anchorbatchmcp.transport.http.HttpSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpConfigTest {

    @Test
    void defaultsToLoopbackWithoutATokenAndTheStatedBounds() {
        HttpSettings s = HttpConfig.fromEnv("0", Map.of());
        assertEquals("127.0.0.1", s.host());
        assertEquals(0, s.port());
        assertTrue(s.loopback());
        assertEquals(64, s.maxInFlight());
        assertEquals(10, s.drain().toSeconds());
        assertEquals(List.of(), s.allowedOrigins());
    }

    @Test
    void readsHostPortIpv6AndOrigins() {
        assertEquals("::1", HttpConfig.fromEnv("[::1]:8080", Map.of()).host());
        HttpSettings s = HttpConfig.fromEnv("0.0.0.0:9000", Map.of("ANCHOR_MCP_HTTP_TOKEN", "t",
                "ANCHOR_MCP_ALLOWED_ORIGINS", "https://a.example, https://b.example/"));
        assertFalse(s.loopback());
        assertEquals(List.of("https://a.example", "https://b.example"), s.allowedOrigins());
        assertFalse(s.toString().contains("=t,"), "the token is not printed");
    }

    @Test
    void badValuesNameTheirVariableAndNeverTheToken() {
        assertTrue(fails("0.0.0.0:0", Map.of()).contains("ANCHOR_MCP_HTTP_TOKEN"));
        assertTrue(fails("70000", Map.of()).contains("--http"));
        assertTrue(fails("x:y", Map.of()).contains("--http"));
        assertTrue(fails("0", Map.of("ANCHOR_MCP_HTTP_TOKEN", "secret-1", "ANCHOR_MCP_HTTP_TOKEN_FILE", "/x"))
                .contains("both"));
        assertTrue(fails("0", Map.of("ANCHOR_MCP_HTTP_TOKEN_FILE", "/nonexistent/t")).contains("ANCHOR_MCP_HTTP_TOKEN_FILE"));
        String spaced = fails("0", Map.of("ANCHOR_MCP_HTTP_TOKEN", "secret with space"));
        assertTrue(spaced.contains("ANCHOR_MCP_HTTP_TOKEN") && !spaced.contains("secret"), spaced);
        assertTrue(fails("0", Map.of("ANCHOR_MCP_MAX_IN_FLIGHT", "65")).contains("ANCHOR_MCP_MAX_IN_FLIGHT"));
        assertTrue(fails("0", Map.of("ANCHOR_MCP_DRAIN_SECONDS", "-1")).contains("ANCHOR_MCP_DRAIN_SECONDS"));
        assertTrue(fails("0", Map.of("ANCHOR_MCP_ALLOWED_ORIGINS", "evil.example")).contains("ANCHOR_MCP_ALLOWED_ORIGINS"));
    }

    // ---- OAuth

    static final String ISSUER = "ANCHOR_MCP_OAUTH_ISSUER";
    static final String PUBLIC_URL = "ANCHOR_MCP_PUBLIC_URL";

    @Test
    void anIssuerTurnsOAuthOnWithTheResourceLeftForTheBindingWhenNoPublicUrlIsSet() {
        HttpSettings s = HttpConfig.fromEnv("0", Map.of(ISSUER, "https://idp.example.com/realms/team"));
        assertEquals(new OAuthSettings("https://idp.example.com/realms/team", null), s.oauth());
        assertNull(s.token());
        assertNull(HttpConfig.fromEnv("0", Map.of()).oauth(), "no issuer: no OAuth");
        assertTrue(s.toString().contains("oauth=https://idp.example.com/realms/team"), s::toString);
    }

    @Test
    void thePublicUrlIsTheResource() {
        HttpSettings s = HttpConfig.fromEnv("0", Map.of(ISSUER, "https://idp.example.com/realms/team", PUBLIC_URL,
                "https://mcp.example.com/mcp"));
        assertEquals("https://mcp.example.com/mcp", s.oauth().resource());
        assertEquals("http://10.0.0.5:8931/mcp", HttpConfig.fromEnv("0", Map.of(ISSUER,
                "https://idp.example.com", PUBLIC_URL, "http://10.0.0.5:8931/mcp")).oauth().resource(),
                "a public URL on plain http is the operator's choice (TLS may end in front of it)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0:8931", "[::]:8931", "10.1.2.3:0", "mcp.internal:8931"})
    void withOAuthAHostThatIsNotLoopbackMayBeBound(String address) {
        HttpSettings s = HttpConfig.fromEnv(address, Map.of(ISSUER, "https://idp.example.com/realms/team",
                "ANCHOR_MCP_PUBLIC_URL", "https://mcp.example.com/mcp"));
        assertFalse(s.loopback());
        assertNull(s.token());
        assertTrue(fails(address, Map.of()).contains("ANCHOR_MCP_OAUTH_ISSUER"), "the refusal without either names it");
        // Its own binding (0.0.0.0, a private address) is no URL a client can reach, nor a token's audience.
        assertTrue(fails(address, Map.of(ISSUER, "https://idp.example.com/realms/team"))
                .contains("ANCHOR_MCP_PUBLIC_URL"), "the public URL is needed there");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/realms/it", "http://localhost:8080/default", "http://[::1]:9000",
        "http://127.0.0.2/x"})
    void anIssuerOnPlainHttpIsTakenOnlyOnLoopback(String issuer) {
        assertEquals(issuer, HttpConfig.fromEnv("0", Map.of(ISSUER, issuer)).oauth().issuer());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://idp.example.com/realms/team", "http://10.0.0.1:8080/realms/team",
        "http://localhost.example.com/x"})
    void anIssuerOnPlainHttpElsewhereRefusesToStart(String issuer) {
        String m = fails("0", Map.of(ISSUER, issuer));
        assertTrue(m.contains(ISSUER) && m.contains("https://"), m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"idp.example.com", "ftp://idp.example.com", "https://", "https://idp.example.com/x?realm=1",
        "https://idp.example.com/x#f", "https://user:pw@idp.example.com/x", "https://idp example.com"})
    void anIssuerThatIsNotAnHttpsUrlWithAHostRefusesToStart(String issuer) {
        String m = fails("0", Map.of(ISSUER, issuer));
        assertTrue(m.contains(ISSUER), m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mcp.example.com/mcp", "https://mcp.example.com/mcp?x=1", "ws://mcp.example.com/mcp"})
    void aPublicUrlThatIsNotAnHttpUrlRefusesToStart(String url) {
        String m = fails("0", Map.of(ISSUER, "https://idp.example.com", PUBLIC_URL, url));
        assertTrue(m.contains(PUBLIC_URL), m);
    }

    @Test
    void aPublicUrlWithoutAnIssuerRefusesToStart() {
        String m = fails("0", Map.of(PUBLIC_URL, "https://mcp.example.com/mcp"));
        assertTrue(m.contains(PUBLIC_URL) && m.contains(ISSUER), m);
    }

    @Test
    void anIssuerAndASharedTokenTogetherRefuseToStartNamingBoth() throws Exception {
        String m = fails("0", Map.of(ISSUER, "https://idp.example.com", "ANCHOR_MCP_HTTP_TOKEN", "secret-canary-1"));
        assertTrue(m.contains(ISSUER) && m.contains("ANCHOR_MCP_HTTP_TOKEN "), m);
        assertFalse(m.contains("ANCHOR_MCP_HTTP_TOKEN_FILE") || m.contains("secret-canary"), m);
        assertFalse(m.contains("\n"), m);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("token", ".txt");
        try {
            java.nio.file.Files.writeString(file, "secret-canary-3\n");
            String f = fails("0.0.0.0:0", Map.of(ISSUER, "https://idp.example.com", "ANCHOR_MCP_HTTP_TOKEN_FILE",
                    file.toString()));
            assertTrue(f.contains(ISSUER) && f.contains("ANCHOR_MCP_HTTP_TOKEN_FILE"), f);
            assertFalse(f.contains("secret-canary"), f);
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void aBlankTokenFileBesideATokenIsNotNamedAsSet() {
        String m = fails("0", Map.of(ISSUER, "https://idp.example.com", "ANCHOR_MCP_HTTP_TOKEN", "secret-canary-2",
                "ANCHOR_MCP_HTTP_TOKEN_FILE", " "));
        assertTrue(m.contains("ANCHOR_MCP_HTTP_TOKEN ") && !m.contains("ANCHOR_MCP_HTTP_TOKEN_FILE"), m);
    }

    @Test
    void blankOAuthVariablesAreUnset() {
        assertNull(HttpConfig.fromEnv("0", Map.of(ISSUER, " ", PUBLIC_URL, "")).oauth());
    }

    private static String fails(String address, Map<String, String> env) {
        return assertThrows(Config.ConfigException.class, () -> HttpConfig.fromEnv(address, env)).getMessage();
    }
}
