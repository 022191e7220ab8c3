package io.github.anchorbatchmcp.anchor;

import java.io.InterruptedIOException;

/**
 * Reads how a change ended (create, cancel, retry: its last attempt) into its outcome. Only an
 * explicit refusal (401, 403, 429, a 4xx) or a request that never went out says that nothing changed;
 * everything else may have been carried out, and says so ({@link CallFailure.Unconfirmed}).
 */
final class ChangeOutcomes {

    private final ApiSettings settings;

    ChangeOutcomes(ApiSettings settings) {
        this.settings = settings;
    }

    CreateOutcome created(Exchange.Ending end, ResponseParser parser) {
        if (end.last() instanceof Exchange.Answered a && a.body() != null) {
            if (a.ok()) {
                var parsed = parser.data(a.body(), a.contentType(), CreatedBatch.class);
                return parsed.value() != null ? new CreateOutcome.Created(parsed.value())
                        : unreadable(Operation.CREATE, a, parsed.problem());
            }
            if (a.code() == 402) {
                return new CreateOutcome.InsufficientCredits(parser.errorMessage(a.body()));
            }
        }
        return failed(Operation.CREATE, end, parser);
    }

    CancelOutcome cancelled(Operation op, Exchange.Ending end, ResponseParser parser) {
        if (end.last() instanceof Exchange.Answered a && a.body() != null) {
            if (a.ok()) {
                var parsed = parser.data(a.body(), a.contentType(), CancelledBatch.class);
                return parsed.value() != null ? new CancelOutcome.Cancelled(parsed.value())
                        : unreadable(op, a, parsed.problem());
            }
            if (a.code() == 404) {
                return new CallFailure.NotFound(op, parser.errorMessage(a.body()));
            }
            if (a.code() == 409) {
                return new CancelOutcome.AlreadyOver(op.batch(), parser.errorMessage(a.body()));
            }
        }
        return failed(op, end, parser);
    }

    RetryOutcome retried(Operation op, Exchange.Ending end, ResponseParser parser) {
        if (end.last() instanceof Exchange.Answered a && a.body() != null) {
            if (a.ok()) {
                var parsed = parser.data(a.body(), a.contentType(), RetriedBatch.class);
                return parsed.value() != null ? new RetryOutcome.Retrying(parsed.value())
                        : unreadable(op, a, parsed.problem());
            }
            if (a.code() == 404) {
                return new CallFailure.NotFound(op, parser.errorMessage(a.body()));
            }
            if (a.code() == 400) {
                return new RetryOutcome.NothingToRetry(op.batch(), parser.errorMessage(a.body()));
            }
        }
        return failed(op, end, parser);
    }

    /** A change that succeeded (2xx) but whose answer could not be read: it was most likely carried out. */
    private static ChangeFailure unreadable(Operation op, Exchange.Answered a, String problem) {
        return new CallFailure.Unconfirmed(op, "the Anchor API accepted the request (HTTP " + a.code()
                + ") but its answer is not the documented JSON (" + problem + ")");
    }

    /** The failures every change shares, once its own outcomes are ruled out. */
    private ChangeFailure failed(Operation op, Exchange.Ending end, ResponseParser parser) {
        if (end.last() instanceof Exchange.Broke broke) {
            String reason = Outcomes.reason(broke.error(), settings, parser);
            if (!broke.mayHaveBeenSent()) {
                return new CallFailure.ConnectionFailed(op, settings.baseUrl().toString(), reason, end.attempts());
            }
            return new CallFailure.Unconfirmed(op, broke.error() instanceof InterruptedIOException
                    ? "no answer came within " + Text.words(settings.timeout())
                    : "the connection broke before the answer was complete (" + reason + ")");
        }
        Exchange.Answered a = (Exchange.Answered) end.last();
        int code = a.code();
        if (a.body() == null) {
            return new CallFailure.Unconfirmed(op, "the Anchor API answered HTTP " + code + " with a body larger than "
                    + Outcomes.LIMIT);
        }
        String apiMessage = parser.errorMessage(a.body());
        if (code == 401 || code == 403) {
            return new CallFailure.Unauthorized(op, code, apiMessage);
        }
        if (code == 429) {
            return new CallFailure.RateLimited(op, apiMessage, end.retryAfter(), end.attempts());
        }
        if (code >= 400 && code < 500 && code != 408) {
            return new CallFailure.Rejected(op, code, apiMessage);
        }
        String said = "the Anchor API answered HTTP " + code + Text.detail(apiMessage);
        return new CallFailure.Unconfirmed(op, code == 408 || code >= 500 ? said
                : said + ", which this server does not expect");
    }
}
