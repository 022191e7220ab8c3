package io.github.anchorbatchmcp.anchor;

import static io.github.anchorbatchmcp.anchor.Text.detail;
import static io.github.anchorbatchmcp.anchor.Text.tries;

import java.time.Duration;

/**
 * Every way a list, create, cancel or retry can fail, each with the message the tool returns,
 * written for both the model and the person behind it: what happened, whether anything changed, and
 * what to do. The failures that more than one call shares are here; the others are next to their call.
 */
public sealed interface CallFailure permits ChangeFailure, CallFailure.NotFound, ListOutcome.ServerError,
        ListOutcome.TimedOut, ListOutcome.BadResponse, ListOutcome.UnexpectedStatus,
        CreateOutcome.InsufficientCredits, CancelOutcome.AlreadyOver, RetryOutcome.NothingToRetry {

    String message();

    record Unauthorized(Operation op, int httpStatus, String apiMessage) implements ChangeFailure, ListOutcome {
        @Override
        public String message() {
            String what = httpStatus == 403 ? "refused this API key access" : "rejected the API key";
            return "The Anchor API " + what + " (HTTP " + httpStatus + detail(apiMessage) + ")." + op.nothingDone()
                    + " Set a valid key in " + ApiSettings.API_KEY_VARIABLE + " in this server's environment and restart"
                    + " the server; calling again will not help until then.";
        }
    }

    /** The API refused the request for now; a change it refused was not carried out. */
    record RateLimited(Operation op, String apiMessage, Duration retryAfter, int attempts)
            implements ChangeFailure, ListOutcome {
        @Override
        public String message() {
            String wait = retryAfter == null ? "a few seconds" : Text.words(retryAfter);
            return "The Anchor API is limiting the request rate (HTTP 429" + detail(apiMessage) + ", " + tries(attempts)
                    + ")." + op.nothingDone() + " Wait " + wait + " before calling again.";
        }
    }

    /** No connection was made; for a change that means it was never sent. */
    record ConnectionFailed(Operation op, String baseUrl, String reason, int attempts)
            implements ChangeFailure, ListOutcome {
        @Override
        public String message() {
            String unsent = op.changesSomething() ? " The request was never sent." + op.nothingDone() : "";
            return "Could not reach the Anchor API at " + baseUrl + " (" + reason + ", " + tries(attempts) + ")."
                    + unsent + " Check this machine's network access, and " + ApiSettings.BASE_URL_VARIABLE
                    + " if it is set.";
        }
    }

    /** A cancel or retry named a batch the API does not know. */
    record NotFound(Operation op, String apiMessage) implements CallFailure, CancelOutcome, RetryOutcome {
        @Override
        public String message() {
            return "No batch " + op.batch() + " was found for this API key (HTTP 404" + detail(apiMessage) + ")."
                    + op.nothingDone() + " Check the id: it is the batch_id returned when the batch was created, and "
                    + Text.LIST_TOOL + " lists the batches there are. A deleted batch is gone too.";
        }
    }

    /** The API refused a change as asked (a 4xx the call has no more particular outcome for). */
    record Rejected(Operation op, int httpStatus, String apiMessage) implements ChangeFailure {
        @Override
        public String message() {
            return "The Anchor API refused to " + op.asked() + " (HTTP " + httpStatus + detail(apiMessage) + ")."
                    + op.nothingDone() + " Change the request as the message says before trying again; sent"
                    + " unchanged it will be refused the same way.";
        }
    }

    /**
     * A change may have reached the API, and whether it was carried out is unknown: no answer came in
     * time, the connection broke, the API failed (5xx, 408), or its answer could not be read. It was not
     * sent again.
     *
     * @param cause what happened, as a clause: "no answer came within 30 seconds"
     */
    record Unconfirmed(Operation op, String cause) implements ChangeFailure {
        public Unconfirmed {
            if (!op.changesSomething()) {
                throw new IllegalArgumentException("a list changes nothing: it is repeated, never unconfirmed");
            }
        }

        @Override
        public String message() {
            return switch (op.kind()) {
                case CREATE -> "Whether the batch was created is unknown: " + cause + ". The request may have reached"
                        + " the Anchor API, so it was not sent again: a second one could start, and bill, a second"
                        + " batch. Before trying again, call " + Text.LIST_TOOL + " (newest first) to see whether the"
                        + " batch exists; do not create it again blindly.";
                case CANCEL -> "Whether batch " + op.batch() + " was cancelled is unknown: " + cause + ". The request"
                        + " may have reached the Anchor API, so it was not sent again. Check the batch with "
                        + Text.STATUS_TOOL + " before cancelling it again.";
                case RETRY -> "Whether the failed sessions of batch " + op.batch() + " are being retried is unknown: "
                        + cause + ". The request may have reached the Anchor API, so it was not sent again: a second"
                        + " retry could start more browsers. Check the batch with " + Text.STATUS_TOOL + " (a retry"
                        + " sets it back to processing) before retrying again.";
                case LIST -> throw new IllegalStateException("checked in the constructor");
            };
        }
    }
}
