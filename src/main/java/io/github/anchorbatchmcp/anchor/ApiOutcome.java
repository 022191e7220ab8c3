package io.github.anchorbatchmcp.anchor;

import java.time.Duration;

/**
 * Every way one call to the batch-status endpoint can end. Failures carry the message the tool
 * returns, written for both the model and the person behind it: what happened and what to do.
 */
public sealed interface ApiOutcome {

    record Found(BatchStatus status) implements ApiOutcome {
    }

    sealed interface Failure extends ApiOutcome {
        String message(BatchId id);
    }

    record Unauthorized(int httpStatus, String apiMessage) implements Failure {
        @Override
        public String message(BatchId id) {
            String what = httpStatus == 403 ? "refused this API key access" : "rejected the API key";
            return "The Anchor API " + what + " (HTTP " + httpStatus + detail(apiMessage) + "). Set a valid key in "
                    + ApiSettings.API_KEY_VARIABLE + " in this server's environment and restart the server; calling again will"
                    + " not help until then.";
        }
    }

    record NotFound(String apiMessage) implements Failure {
        @Override
        public String message(BatchId id) {
            return "No batch " + id + " was found for this API key (HTTP 404" + detail(apiMessage) + "). Check the"
                    + " id: it is the batch_id returned when the batch was created. A deleted batch is gone too.";
        }
    }

    record RateLimited(String apiMessage, Duration retryAfter, int attempts) implements Failure {
        @Override
        public String message(BatchId id) {
            String wait = retryAfter == null ? "a few seconds" : Text.words(retryAfter);
            return "The Anchor API is limiting the request rate (HTTP 429" + detail(apiMessage) + ", "
                    + tries(attempts) + "). Wait " + wait + " before calling again.";
        }
    }

    record ServerError(int httpStatus, String apiMessage, int attempts) implements Failure {
        @Override
        public String message(BatchId id) {
            return "The Anchor API failed on its side (HTTP " + httpStatus + detail(apiMessage) + ", "
                    + tries(attempts) + "). Try again in a minute; the batch itself may be fine.";
        }
    }

    record UnexpectedStatus(int httpStatus, String apiMessage) implements Failure {
        @Override
        public String message(BatchId id) {
            return "The Anchor API answered HTTP " + httpStatus + detail(apiMessage) + ", which this server does not"
                    + " expect for a batch status request. Calling again with the same id will likely fail the same"
                    + " way; check " + ApiSettings.BASE_URL_VARIABLE + " if it is set.";
        }
    }

    record TimedOut(Duration timeout, int attempts) implements Failure {
        @Override
        public String message(BatchId id) {
            return "The Anchor API did not answer within " + Text.words(timeout) + " (" + tries(attempts)
                    + "). Try again later; " + ApiSettings.TIMEOUT_VARIABLE + " sets the limit for one attempt.";
        }
    }

    record ConnectionFailed(String baseUrl, String reason, int attempts) implements Failure {
        @Override
        public String message(BatchId id) {
            return "Could not reach the Anchor API at " + baseUrl + " (" + reason + ", " + tries(attempts)
                    + "). Check this machine's network access, and " + ApiSettings.BASE_URL_VARIABLE + " if it is set.";
        }
    }

    record BadResponse(int httpStatus, String problem) implements Failure {
        @Override
        public String message(BatchId id) {
            return "The Anchor API answered HTTP " + httpStatus + " with a body that is not the documented batch"
                    + " status JSON (" + problem + "). Try again; if it persists, " + ApiSettings.BASE_URL_VARIABLE
                    + " may point at something other than the Anchor API.";
        }
    }

    private static String detail(String apiMessage) {
        return apiMessage == null || apiMessage.isBlank() ? "" : ": " + apiMessage;
    }

    private static String tries(int attempts) {
        return attempts == 1 ? "1 attempt" : attempts + " attempts";
    }
}
