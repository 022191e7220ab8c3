package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTest {

    @Test
    void defaultsWhenNothingIsSet() {
        Config c = Config.fromEnv(Map.of());
        assertNull(c.apiKey());
        assertFalse(c.hasApiKey());
        assertEquals("https://api.anchorbrowser.io", c.baseUrl().toString());
        assertEquals(Duration.ofSeconds(30), c.timeout());
        assertEquals(2, c.maxRetries());
        assertEquals(20, c.maxListedSessions());
        assertEquals(10, c.maxDrivenSessions());
    }

    @Test
    void readsEveryVariable() {
        Config c = Config.fromEnv(Map.of(
                "ANCHOR_API_KEY", " sk-abc ",
                "ANCHOR_BASE_URL", "https://proxy.example.com/anchor/",
                "ANCHOR_TIMEOUT_SECONDS", "5",
                "ANCHOR_MAX_RETRIES", "0",
                "ANCHOR_MAX_LISTED_SESSIONS", "100",
                "ANCHOR_MAX_DRIVEN_SESSIONS", "50"));
        assertEquals("sk-abc", c.apiKey());
        assertEquals("https://proxy.example.com/anchor", c.baseUrl().toString());
        assertEquals(Duration.ofSeconds(5), c.timeout());
        assertEquals(0, c.maxRetries());
        assertEquals(100, c.maxListedSessions());
        assertEquals(50, c.maxDrivenSessions());
    }

    @Test
    void fallsBackToTheOfficialSdkKeyName() {
        assertEquals("sk-sdk", Config.fromEnv(Map.of("ANCHORBROWSER_API_KEY", "sk-sdk")).apiKey());
        assertEquals("sk-ours", Config.fromEnv(Map.of("ANCHORBROWSER_API_KEY", "sk-sdk",
                "ANCHOR_API_KEY", "sk-ours")).apiKey());
        assertNull(Config.fromEnv(Map.of("ANCHOR_API_KEY", "   ")).apiKey());
    }

    @Test
    void toStringNeverShowsTheKey() {
        String s = Config.fromEnv(Map.of("ANCHOR_API_KEY", "sk-very-secret")).toString();
        assertFalse(s.contains("sk-very-secret"), s);
        assertTrue(s.contains("apiKey=set"), s);
    }

    @ParameterizedTest
    @CsvSource({
        "ANCHOR_TIMEOUT_SECONDS, abc",
        "ANCHOR_TIMEOUT_SECONDS, 0",
        "ANCHOR_TIMEOUT_SECONDS, -5",
        "ANCHOR_TIMEOUT_SECONDS, 1.5",
        "ANCHOR_MAX_RETRIES, -1",
        "ANCHOR_MAX_RETRIES, 11",
        "ANCHOR_MAX_RETRIES, 99999999999",
        "ANCHOR_MAX_LISTED_SESSIONS, 0",
        "ANCHOR_MAX_LISTED_SESSIONS, 101",
        "ANCHOR_MAX_DRIVEN_SESSIONS, 0",
        "ANCHOR_MAX_DRIVEN_SESSIONS, 51",
        "ANCHOR_MAX_DRIVEN_SESSIONS, ten",
        "ANCHOR_BASE_URL, not a url",
        "ANCHOR_BASE_URL, ftp://api.anchorbrowser.io",
        "ANCHOR_BASE_URL, api.anchorbrowser.io",
        "ANCHOR_BASE_URL, http://api.anchorbrowser.io",
        "ANCHOR_BASE_URL, http://10.0.0.5:8080",
        "ANCHOR_BASE_URL, http://localhost.evil.com",
        "ANCHOR_BASE_URL, https://user:pw@api.anchorbrowser.io",
        "ANCHOR_BASE_URL, https://api.anchorbrowser.io?x=1",
        "ANCHOR_BASE_URL, https://",
    })
    void badValuesStopTheServerNamingTheVariable(String name, String value) {
        Config.ConfigException e = assertThrows(Config.ConfigException.class,
                () -> Config.fromEnv(Map.of(name, value)));
        assertTrue(e.getMessage().startsWith(name), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080", "http://127.0.0.1:1", "http://127.8.9.10", "http://[::1]:9000",
        "https://api.anchorbrowser.io", "HTTPS://API.anchorbrowser.io"})
    void acceptsHttpsAndLoopbackHttp(String url) {
        assertEquals(url.toLowerCase().startsWith("https") ? "https" : "http",
                Config.fromEnv(Map.of("ANCHOR_BASE_URL", url)).baseUrl().getScheme());
    }

    @Test
    void keyThatCannotBeAHeaderIsRefusedWithoutEchoingIt() {
        Config.ConfigException e = assertThrows(Config.ConfigException.class,
                () -> Config.fromEnv(Map.of("ANCHOR_API_KEY", "sk-secret\nvalue")));
        assertTrue(e.getMessage().startsWith("ANCHOR_API_KEY"), e.getMessage());
        assertFalse(e.getMessage().contains("sk-secret"), e.getMessage());
    }
}
