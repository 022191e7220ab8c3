package io.github.anchorbatchmcp.anchor;

import java.io.InterruptedIOException;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Reads how a request about one session ended (its last attempt) into its outcome. The requests that
 * only look, open a page or end a session may be repeated and were; the one that starts an AI task was
 * sent once, and anything but an explicit refusal leaves it {@link SessionFailure.Unconfirmed}.
 */
final class SessionOutcomes {

    private final ApiSettings settings;

    SessionOutcomes(ApiSettings settings) {
        this.settings = settings;
    }

    /** What a 2xx answer means for one operation. */
    @FunctionalInterface
    interface Success<T> {
        SessionOutcome<T> read(Exchange.Answered answer);
    }

    <T> SessionOutcome<T> read(Exchange.Ending end, ResponseParser parser, Success<T> success) {
        if (end.last() instanceof Exchange.Broke broke) {
            return SessionOutcome.failed(broke.error() instanceof InterruptedIOException
                    ? new SessionFailure.TimedOut(settings.timeout(), end.attempts())
                    : new SessionFailure.ConnectionFailed(Outcomes.reason(broke.error(), settings, parser),
                            end.attempts()));
        }
        Exchange.Answered a = (Exchange.Answered) end.last();
        if (a.body() == null) {
            return SessionOutcome.failed(new SessionFailure.BadResponse(a.code(), "a body larger than "
                    + Outcomes.LIMIT));
        }
        if (a.ok()) {
            return success.read(a);
        }
        return SessionOutcome.failed(refusal(a, end, parser));
    }

    /** The answer to a task start: its workflow id, or why there is none (and whether it may have started). */
    SessionOutcome<WorkflowId> started(Exchange.Ending end, ResponseParser parser) {
        if (end.last() instanceof Exchange.Broke broke) {
            String reason = Outcomes.reason(broke.error(), settings, parser);
            if (!broke.mayHaveBeenSent()) {
                return SessionOutcome.failed(new SessionFailure.ConnectionFailed(reason + "; the task was never sent",
                        end.attempts()));
            }
            return SessionOutcome.failed(new SessionFailure.Unconfirmed(broke.error() instanceof InterruptedIOException
                    ? "no answer came within " + Text.words(settings.timeout())
                    : "the connection broke before the answer was complete (" + reason + ")"));
        }
        Exchange.Answered a = (Exchange.Answered) end.last();
        if (a.body() == null) {
            return SessionOutcome.failed(new SessionFailure.Unconfirmed("the Anchor API answered HTTP " + a.code()
                    + " with a body larger than " + Outcomes.LIMIT));
        }
        if (a.ok()) {
            ResponseParser.Parsed<JsonNode> data = parser.dataNode(a.body(), a.contentType());
            WorkflowId id = data.value() == null ? null : WorkflowId.orNull(data.value().path("workflow_id")
                    .asString(null));
            return id != null ? new SessionOutcome.Done<>(id)
                    : SessionOutcome.failed(new SessionFailure.Unconfirmed("the Anchor API accepted the task (HTTP "
                            + a.code() + ") but gave no usable workflow_id"
                            + (data.value() == null ? " (" + data.problem() + ")" : "")));
        }
        SessionFailure refused = refusal(a, end, parser);
        if (refused instanceof SessionFailure.ServerError) {
            return SessionOutcome.failed(new SessionFailure.Unconfirmed("the Anchor API answered HTTP " + a.code()
                    + Text.detail(parser.errorMessage(a.body()))));
        }
        return SessionOutcome.failed(refused);
    }

    /** A non-2xx answer. */
    private static SessionFailure refusal(Exchange.Answered a, Exchange.Ending end, ResponseParser parser) {
        int code = a.code();
        String apiMessage = parser.errorMessage(a.body());
        if (code == 401 || code == 403) {
            return new SessionFailure.Unauthorized(code, apiMessage);
        }
        if (code == 404) {
            return new SessionFailure.Ended(apiMessage);
        }
        if (code == 429) {
            return new SessionFailure.RateLimited(apiMessage, end.retryAfter(), end.attempts());
        }
        if (code == 408 || code >= 500) {
            return new SessionFailure.ServerError(code, apiMessage, end.attempts());
        }
        return new SessionFailure.Rejected(code, apiMessage);
    }

    // ---- what each operation's 2xx answer holds

    /** {@code {"status": "..."}} or {@code {"data": {"status": "..."}}}; any 2xx counts, whatever its body. */
    static SessionOutcome<String> status(Exchange.Answered a, ResponseParser parser) {
        String status = null;
        try {
            JsonNode root = ResponseParser.JSON.readTree(a.body());
            JsonNode s = root.path("data").isObject() ? root.path("data").path("status") : root.path("status");
            status = s.isString() ? Text.clip(parser.scrub(s.stringValue()), 100) : null;
        } catch (RuntimeException e) {
            // the status code said it worked; the body is only a detail
        }
        return new SessionOutcome.Done<>(status);
    }

    static SessionOutcome<byte[]> image(Exchange.Answered a) {
        String type = a.contentType() == null ? "" : a.contentType().toLowerCase(Locale.ROOT).strip();
        if (a.body().length == 0) {
            return SessionOutcome.failed(new SessionFailure.BadResponse(a.code(), "an empty body, not an image"));
        }
        if (!type.isEmpty() && !type.startsWith("image/") && !type.startsWith("application/octet-stream")) {
            return SessionOutcome.failed(new SessionFailure.BadResponse(a.code(), "a " + Text.clip(type, 60)
                    + " body, not an image"));
        }
        return new SessionOutcome.Done<>(a.body());
    }

    static SessionOutcome<List<SessionPage>> pages(Exchange.Answered a, ResponseParser parser) {
        ResponseParser.Parsed<List<SessionPage>> pages = parser.array(a.body(), a.contentType(), SessionPage.class);
        return pages.value() != null ? new SessionOutcome.Done<>(pages.value())
                : SessionOutcome.failed(new SessionFailure.BadResponse(a.code(), "a body that is not the documented"
                        + " list of pages (" + pages.problem() + ")"));
    }

    static SessionOutcome<PageText> text(Exchange.Answered a, ResponseParser parser) {
        return new SessionOutcome.Done<>(new PageText(a.cut() ? parser.textPrefix(a.body()) : parser.text(a.body()),
                a.cut()));
    }

    static SessionOutcome<TaskState> taskState(Exchange.Answered a, ResponseParser parser) {
        ResponseParser.Parsed<JsonNode> data = parser.dataNode(a.body(), a.contentType());
        if (data.value() == null) {
            return SessionOutcome.failed(new SessionFailure.BadResponse(a.code(), "a body that is not the documented"
                    + " task status (" + data.problem() + ")"));
        }
        JsonNode d = data.value();
        JsonNode result = d.get("result");
        return new SessionOutcome.Done<>(new TaskState(d.path("status").asString(null),
                result == null || result.isNull() ? null : result,
                d.path("error").isString() ? Text.clip(d.path("error").stringValue(), 1000) : null));
    }
}
