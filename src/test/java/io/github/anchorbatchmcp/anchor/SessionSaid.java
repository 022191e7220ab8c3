package io.github.anchorbatchmcp.anchor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;

/**
 * What the session operations said (failure messages and whole outcomes), kept to be checked for the
 * key and any secret a test adds: {@link LoopbackApi#message} records only the batch failures.
 */
final class SessionSaid {

    private final List<String> said = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>(List.of(LoopbackApi.KEY));

    void neverSay(String secret) {
        secrets.add(secret);
    }

    /** The failure of {@code outcome}, of {@code type}; its message and the outcome are recorded. */
    <F extends SessionFailure> F failure(Class<F> type, SessionOutcome<?> outcome) {
        SessionOutcome.Failed<?> failed = assertInstanceOf(SessionOutcome.Failed.class, outcome, String.valueOf(outcome));
        said.add(failed.failure().message());
        said.add(outcome.toString());
        return assertInstanceOf(type, failed.failure(), failed.failure().message());
    }

    /** The value of a {@link SessionOutcome.Done}; the outcome is recorded. */
    <T> T done(SessionOutcome<T> outcome) {
        said.add(String.valueOf(outcome));
        @SuppressWarnings("unchecked")
        SessionOutcome.Done<T> done = assertInstanceOf(SessionOutcome.Done.class, outcome, String.valueOf(outcome));
        return done.value();
    }

    /** Every recorded text is free of every secret. */
    void check() {
        for (String s : said) {
            for (String secret : secrets) {
                assertFalse(s.contains(secret), s);
            }
        }
    }
}
