package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.transport.http.HttpSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

    private static String fails(String address, Map<String, String> env) {
        return assertThrows(Config.ConfigException.class, () -> HttpConfig.fromEnv(address, env)).getMessage();
    }
}
