package io.github.anchorbatchmcp.anchor;

import static io.github.anchorbatchmcp.anchor.Text.detail;
import static io.github.anchorbatchmcp.anchor.Text.tries;

import java.time.Duration;

/**
 * Every way a request about one session can fail, each with a short message for that session's entry
 * in a result (what happened, in a clause); the tool says once what to do about them.
 */
public sealed interface SessionFailure {

    String message();

    /** HTTP 404: the session (or the task) is not there any more; its browser has ended. */
    record Ended(String apiMessage) implements SessionFailure {
        @Override
        public String message() {
            return "the session has ended (HTTP 404" + detail(apiMessage) + ")";
        }
    }

    record Unauthorized(int httpStatus, String apiMessage) implements SessionFailure {
        @Override
        public String message() {
            return "the Anchor API " + (httpStatus == 403 ? "refused this API key access" : "rejected the API key")
                    + " (HTTP " + httpStatus + detail(apiMessage) + ")";
        }
    }

    record RateLimited(String apiMessage, Duration retryAfter, int attempts) implements SessionFailure {
        @Override
        public String message() {
            return "the Anchor API is limiting the request rate (HTTP 429" + detail(apiMessage) + ", "
                    + tries(attempts) + "); wait " + (retryAfter == null ? "a few seconds" : Text.words(retryAfter));
        }
    }

    /** A 5xx, or a 408, after the retries a safe request gets. */
    record ServerError(int httpStatus, String apiMessage, int attempts) implements SessionFailure {
        @Override
        public String message() {
            return "the Anchor API failed (HTTP " + httpStatus + detail(apiMessage) + ", " + tries(attempts) + ")";
        }
    }

    record TimedOut(Duration timeout, int attempts) implements SessionFailure {
        @Override
        public String message() {
            return "no answer within " + Text.words(timeout) + " (" + tries(attempts) + ")";
        }
    }

    record ConnectionFailed(String reason, int attempts) implements SessionFailure {
        @Override
        public String message() {
            return "could not reach the Anchor API (" + reason + ", " + tries(attempts) + ")";
        }
    }

    /** A 4xx the request has no more particular outcome for: sent unchanged, it is refused the same way. */
    record Rejected(int httpStatus, String apiMessage) implements SessionFailure {
        @Override
        public String message() {
            return "the Anchor API refused the request (HTTP " + httpStatus + detail(apiMessage) + ")";
        }
    }

    /** A 2xx whose body is not what the operation documents: a screenshot that is not an image, say. */
    record BadResponse(int httpStatus, String problem) implements SessionFailure {
        @Override
        public String message() {
            return "the Anchor API answered HTTP " + httpStatus + " with " + problem;
        }
    }

    /**
     * A request that starts something (an AI task) may have reached the API, and whether it did is
     * unknown; it was not sent again.
     *
     * @param cause what happened, as a clause: "no answer came within 30 seconds"
     */
    record Unconfirmed(String cause) implements SessionFailure {
        @Override
        public String message() {
            return "whether it started is unknown: " + cause + "; it was not sent again";
        }
    }
}
