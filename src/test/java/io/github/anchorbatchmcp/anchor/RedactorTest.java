package io.github.anchorbatchmcp.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private final Redactor keyOnly = new Redactor("sk-key-0123456789");

    @Test
    void masksTheKeyAndKeyParameters() {
        assertEquals("a *** b", keyOnly.scrub("a sk-key-0123456789 b"));
        assertEquals("wss://x?sessionId=1&apiKey=***", keyOnly.scrub("wss://x?sessionId=1&apiKey=other"));
    }

    @Test
    void alsoMasksARequestsSecretsAsWrittenAndPercentEncoded() {
        Redactor r = keyOnly.alsoMasking(List.of("p@ss word", "p@ss"));
        assertEquals("proxy ***, ***, *** and key ***", r.scrub("proxy p@ss word, p%40ss%20word, p@ss and key sk-key-0123456789"));
        assertEquals("p@ss", keyOnly.scrub("p@ss"), "the redactor it came from is unchanged");
    }

    @Test
    void nothingToAddIsTheSameRedactor() {
        assertSame(keyOnly, keyOnly.alsoMasking(List.of()));
        assertSame(keyOnly, keyOnly.alsoMasking(java.util.Arrays.asList("", null)));
    }
}
