package io.github.anchorbatchmcp.anchor;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.random.RandomGenerator;

/**
 * When to try a failed request again: jittered exponential backoff between attempts, or the wait
 * the API asks for in {@code Retry-After} when it is no longer than {@code maxRetryAfter}. A longer
 * requested wait ends the retries: the caller is told to come back then instead of being held.
 */
public record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    public static RetryPolicy withRetries(int maxRetries) {
        return new RetryPolicy(maxRetries, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(10));
    }

    /** The wait before retry number {@code retry} (0 for the first): between half and all of base·2^retry. */
    Duration backoff(int retry, RandomGenerator random) {
        long ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(retry, 20));
        long half = ceiling / 2;
        return Duration.ofMillis(half + (ceiling > half ? random.nextLong(ceiling - half + 1) : 0));
    }

    /** The longest time one call can take: every attempt timing out, with the longest waits between. */
    Duration worstCase(Duration attemptTimeout) {
        Duration longestWait = maxDelay.compareTo(maxRetryAfter) > 0 ? maxDelay : maxRetryAfter;
        return attemptTimeout.multipliedBy(maxRetries + 1L).plus(longestWait.multipliedBy(maxRetries));
    }

    /**
     * Reads a {@code Retry-After} value: delay-seconds or an HTTP date. Null when absent or unreadable;
     * never negative.
     */
    static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Duration.ofSeconds(v.length() > 9 ? Integer.MAX_VALUE : Long.parseLong(v));
            }
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }
}
