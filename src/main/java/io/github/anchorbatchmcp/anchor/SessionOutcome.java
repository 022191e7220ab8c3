package io.github.anchorbatchmcp.anchor;

/**
 * How one request about one running session ended: what it gave, or why it failed. A fan-out over
 * many sessions gathers one of these per session, so that one session's failure is that session's.
 */
public sealed interface SessionOutcome<T> {

    record Done<T>(T value) implements SessionOutcome<T> {
    }

    record Failed<T>(SessionFailure failure) implements SessionOutcome<T> {
    }

    static <T> SessionOutcome<T> failed(SessionFailure failure) {
        return new Failed<>(failure);
    }
}
