package io.github.anchorbatchmcp.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchIdTest {

    @Test
    void acceptsACanonicalUuidAndNormalisesCaseAndSpace() {
        assertEquals("6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
                BatchId.parse("6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b").value());
        assertEquals("6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
                BatchId.parse("  6F1C2A7E-3B4D-4E5F-8A9B-0C1D2E3F4A5B\n").value());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "not-a-uuid", "1-1-1-1-1", "6f1c2a7e3b4d4e5f8a9b0c1d2e3f4a5b",
        "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5", "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5bb",
        "{6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b}", "../../v1/sessions", "%2e%2e%2f%2e%2e",
        "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b/../x", "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f?a5b",
        "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f#a5b", "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5g",
        "６f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b", "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5ß"
    })
    void refusesAnythingElseWithAnExample(String raw) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchId.parse(raw));
        assertTrue(e.getMessage().startsWith("batch_id must be a UUID such as "), e.getMessage());
    }

    @Test
    void refusesMissingAndNonStringValues() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BatchId.parse(null))
                .getMessage().startsWith("batch_id is required"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BatchId.parse(42))
                .getMessage().startsWith("batch_id must be a string"));
    }

    @Test
    void echoesAVeryLongValueOnlyBriefly() {
        String huge = "x".repeat(100_000);
        String message = assertThrows(IllegalArgumentException.class, () -> BatchId.parse(huge)).getMessage();
        assertTrue(message.length() < 300, message);
        assertTrue(message.contains("(100000 characters)"), message);
    }

    @Test
    void controlCharactersAreShownEscaped() {
        String message = assertThrows(IllegalArgumentException.class, () -> BatchId.parse("a\u0000b\u001b")).getMessage();
        assertTrue(message.contains("a\\u0000b\\u001b"), message);
    }
}
