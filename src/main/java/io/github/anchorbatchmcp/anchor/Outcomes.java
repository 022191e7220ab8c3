package io.github.anchorbatchmcp.anchor;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;

/**
 * Reads how a read ended (its last attempt) into its outcome: the status of one batch, or a page of
 * batches. {@link ChangeOutcomes} does the same for changes.
 */
final class Outcomes {

    static final String LIMIT = (Exchange.MAX_BODY_BYTES >> 20) + " MB";
    private static final String TOO_LARGE = "the body is larger than " + LIMIT;

    private final ApiSettings settings;

    Outcomes(ApiSettings settings) {
        this.settings = settings;
    }

    ApiOutcome status(Exchange.Ending end, ResponseParser parser) {
        if (end.last() instanceof Exchange.Broke broke) {
            return broke.error() instanceof InterruptedIOException
                    ? new ApiOutcome.TimedOut(settings.timeout(), end.attempts())
                    : new ApiOutcome.ConnectionFailed(baseUrl(), reason(broke.error(), parser), end.attempts());
        }
        Exchange.Answered a = (Exchange.Answered) end.last();
        int code = a.code();
        if (a.body() == null) {
            return new ApiOutcome.BadResponse(code, TOO_LARGE);
        }
        if (a.ok()) {
            return parser.status(code, a.body(), a.contentType());
        }
        String apiMessage = parser.errorMessage(a.body());
        if (code == 401 || code == 403) {
            return new ApiOutcome.Unauthorized(code, apiMessage);
        }
        if (code == 404) {
            return new ApiOutcome.NotFound(apiMessage);
        }
        if (code == 429) {
            return new ApiOutcome.RateLimited(apiMessage, end.retryAfter(), end.attempts());
        }
        if (code == 408 || code >= 500) {
            return new ApiOutcome.ServerError(code, apiMessage, end.attempts());
        }
        return new ApiOutcome.UnexpectedStatus(code, apiMessage);
    }

    ListOutcome list(Exchange.Ending end, ResponseParser parser) {
        if (end.last() instanceof Exchange.Broke broke) {
            return broke.error() instanceof InterruptedIOException
                    ? new ListOutcome.TimedOut(settings.timeout(), end.attempts())
                    : new CallFailure.ConnectionFailed(Operation.LIST, baseUrl(), reason(broke.error(), parser),
                            end.attempts());
        }
        Exchange.Answered a = (Exchange.Answered) end.last();
        int code = a.code();
        if (a.body() == null) {
            return new ListOutcome.BadResponse(code, TOO_LARGE);
        }
        if (a.ok()) {
            ResponseParser.Parsed<BatchList> parsed = parser.data(a.body(), a.contentType(), BatchList.class);
            return parsed.value() != null ? new ListOutcome.Listed(parsed.value())
                    : new ListOutcome.BadResponse(code, parsed.problem());
        }
        String apiMessage = parser.errorMessage(a.body());
        if (code == 401 || code == 403) {
            return new CallFailure.Unauthorized(Operation.LIST, code, apiMessage);
        }
        if (code == 429) {
            return new CallFailure.RateLimited(Operation.LIST, apiMessage, end.retryAfter(), end.attempts());
        }
        if (code == 408 || code >= 500) {
            return new ListOutcome.ServerError(code, apiMessage, end.attempts());
        }
        return new ListOutcome.UnexpectedStatus(code, apiMessage);
    }

    private String baseUrl() {
        return settings.baseUrl().toString();
    }

    private String reason(IOException e, ResponseParser parser) {
        return reason(e, settings, parser);
    }

    /** Why a connection failed, in a few words, scrubbed. */
    static String reason(IOException e, ApiSettings settings, ResponseParser parser) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + settings.baseUrl().getHost();
        }
        if (e instanceof InterruptedIOException) {
            return "no connection within " + Text.words(settings.timeout());
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return parser.oneLine(message);
    }
}
