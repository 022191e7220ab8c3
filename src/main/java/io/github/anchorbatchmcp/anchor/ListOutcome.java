package io.github.anchorbatchmcp.anchor;

import static io.github.anchorbatchmcp.anchor.Text.detail;
import static io.github.anchorbatchmcp.anchor.Text.tries;

import java.time.Duration;

/**
 * Every way a list of batches can end. A list changes nothing, so its failures were retried where
 * that may help, and calling again is always safe.
 */
public sealed interface ListOutcome permits ListOutcome.Listed, CallFailure.Unauthorized, CallFailure.RateLimited,
        CallFailure.ConnectionFailed, ListOutcome.ServerError, ListOutcome.TimedOut, ListOutcome.BadResponse,
        ListOutcome.UnexpectedStatus {

    record Listed(BatchList list) implements ListOutcome {
    }

    record ServerError(int httpStatus, String apiMessage, int attempts) implements ListOutcome, CallFailure {
        @Override
        public String message() {
            return "The Anchor API failed on its side while listing batches (HTTP " + httpStatus + detail(apiMessage)
                    + ", " + tries(attempts) + "). Try again in a minute.";
        }
    }

    record TimedOut(Duration timeout, int attempts) implements ListOutcome, CallFailure {
        @Override
        public String message() {
            return "The Anchor API did not answer the batch list request within " + Text.words(timeout) + " ("
                    + tries(attempts) + "). Try again later; " + ApiSettings.TIMEOUT_VARIABLE + " sets the limit for"
                    + " one attempt.";
        }
    }

    record BadResponse(int httpStatus, String problem) implements ListOutcome, CallFailure {
        @Override
        public String message() {
            return "The Anchor API answered HTTP " + httpStatus + " with a body that is not the documented batch list"
                    + " JSON (" + problem + "). Try again; if it persists, " + ApiSettings.BASE_URL_VARIABLE
                    + " may point at something other than the Anchor API.";
        }
    }

    record UnexpectedStatus(int httpStatus, String apiMessage) implements ListOutcome, CallFailure {
        @Override
        public String message() {
            return "The Anchor API answered HTTP " + httpStatus + detail(apiMessage) + ", which this server does not"
                    + " expect for a batch list request. Calling again with the same filters will likely fail the same"
                    + " way: check them (status, page from 1, limit 1 to 100, ISO 8601 times), and "
                    + ApiSettings.BASE_URL_VARIABLE + " if it is set.";
        }
    }
}
