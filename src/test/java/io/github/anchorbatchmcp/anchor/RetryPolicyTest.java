package io.github.anchorbatchmcp.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = RetryPolicy.withRetries(2);

    @Test
    void backoffGrowsExponentiallyWithJitterAndIsCapped() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            long first = policy.backoff(0, random).toMillis();
            long second = policy.backoff(1, random).toMillis();
            long late = policy.backoff(10, random).toMillis();
            assertTrue(first >= 250 && first <= 500, "first " + first);
            assertTrue(second >= 500 && second <= 1000, "second " + second);
            assertTrue(late >= 4000 && late <= 8000, "late " + late);
        }
    }

    @Test
    void readsRetryAfterInSecondsAndAsAnHttpDate() {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        assertEquals(Duration.ofSeconds(3), RetryPolicy.parseRetryAfter("3", now));
        assertEquals(Duration.ofSeconds(0), RetryPolicy.parseRetryAfter("0", now));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(4).atZone(ZoneOffset.UTC));
        assertEquals(Duration.ofSeconds(4), RetryPolicy.parseRetryAfter(date, now));
        assertEquals(Duration.ZERO, RetryPolicy.parseRetryAfter("Sat, 28 Nov 2026 11:00:00 GMT", now));
        assertNull(RetryPolicy.parseRetryAfter("soon", now));
        assertNull(RetryPolicy.parseRetryAfter("-3", now));
        assertNull(RetryPolicy.parseRetryAfter(null, now));
        assertTrue(RetryPolicy.parseRetryAfter("99999999999999999999", now).toSeconds() > 1_000_000);
    }

    @Test
    void worstCaseIsEveryAttemptTimingOutPlusTheLongestWaits() {
        assertEquals(Duration.ofSeconds(3 * 30 + 2 * 10), policy.worstCase(Duration.ofSeconds(30)));
        assertEquals(Duration.ofSeconds(5), RetryPolicy.withRetries(0).worstCase(Duration.ofSeconds(5)));
    }
}
