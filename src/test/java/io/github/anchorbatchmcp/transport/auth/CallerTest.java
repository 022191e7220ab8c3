package io.github.anchorbatchmcp.transport.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the access log says of a caller: short, printable, one line, never more than the claims. */
class CallerTest {

    @Test
    void theLogNamesTheSubjectAndTheClientWhenThereIsOne() {
        assertEquals(" sub=alice@example.com client=claude-desktop",
                new Caller("alice@example.com", "claude-desktop", Set.of()).logged());
        assertEquals(" sub=bob", new Caller("bob", null, Set.of()).logged());
        assertEquals(" sub=-", new Caller(null, null, Set.of()).logged());
    }

    @Test
    void aClaimCannotBreakTheLogLineOrFillIt() {
        String logged = new Caller("eve\nhttp POST /mcp legacy initialize 200 1ms sub=admin", "c l\ti\u00e9nt",
                Set.of()).logged();
        assertFalse(logged.contains("\n") || logged.contains(" http"), logged);
        assertEquals(" sub=eve?http?POST?/mcp?legacy?initialize?200?1ms?sub=admin client=c?l?i?nt", logged);
        String longSub = "x".repeat(500);
        String l = new Caller(longSub, null, Set.of()).logged();
        assertEquals(" sub=" + "x".repeat(63) + "~", l);
    }

    @Test
    void mayIsTheScopeTheTokenGranted() {
        Caller c = new Caller("a", null, Set.of(OAuthSettings.READ));
        assertTrue(c.may(OAuthSettings.READ));
        assertFalse(c.may(OAuthSettings.WRITE));
    }
}
