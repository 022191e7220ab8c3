package io.github.anchorbatchmcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The URLs a browser may be sent to: absolute http or https, a host, at most 2,048 characters, one line. */
class TargetUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com", "http://example.com/a?b=c#d", "HTTPS://EXAMPLE.COM/",
            "https://user@example.com:8443/x", "https://bücher.example/", "https://[::1]:8080/"})
    void anAbsoluteHttpOrHttpsUrlIsAccepted(String url) {
        assertEquals(url, TargetUrl.check(url, "url"));
    }

    @Test
    void theLimitIs2048CharactersInclusive() {
        String base = "https://example.com/";
        String at = base + "a".repeat(2048 - base.length());
        assertEquals(at, TargetUrl.check(at, "url"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TargetUrl.check(at + "a", "urls[3]"));
        assertEquals("urls[3] is 2049 characters long; at most 2048 are allowed.", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "file:///etc/passwd", "ftp://x", "data:text/html,hi", "example.com",
            "//example.com/", "https://", "https:///x", "https://a b.com", "https://a.com/\nb", "https://a.com/\tb",
            "https://a.com/\u0000", "https://a.com/\u00a0", "https://a.com/\u2028", "https://a.com/\u0085", ""})
    void anythingElseIsRefusedWithASentenceNamingTheArgument(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TargetUrl.check(url, "url"));
        assertTrue(e.getMessage().startsWith("url "), e.getMessage());
        assertTrue(e.getMessage().endsWith("."), e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(c -> c < ' '), "the message quotes the URL on one line: "
                + e.getMessage());
    }

    /** A right-to-left override would make a URL read as another in every text that shows it. */
    @Test
    void invisibleAndBidiCharactersAreRefusedAndNotEchoed() {
        for (String url : new String[] {"https://exa\u202Emple.com/", "https://example.com/\u200B", "https://\u0085x.com"}) {
            String m = message(url);
            assertTrue(m.contains("invisible characters"), m);
            assertTrue(m.chars().noneMatch(c -> Character.getType(c) == Character.FORMAT || Character.isISOControl(c)), m);
        }
    }

    @Test
    void theMessageSaysWhatToDo() {
        assertTrue(message("example.com").contains("add https:// in front"));
        assertTrue(message("javascript:alert(1)").contains("javascript: URLs are not opened"));
        assertTrue(message("https://a b.com").contains("a space is %20"));
    }

    private static String message(String url) {
        return assertThrows(IllegalArgumentException.class, () -> TargetUrl.check(url, "url")).getMessage();
    }
}
