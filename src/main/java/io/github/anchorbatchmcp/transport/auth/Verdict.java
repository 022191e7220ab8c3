package io.github.anchorbatchmcp.transport.auth;

/** What the resource server says of a request's credentials: who it is, or how to refuse it. */
public sealed interface Verdict {

    record Allowed(Caller caller) implements Verdict {
    }

    /**
     * @param status 401, 403, or 503 when the issuer's keys cannot be had
     * @param challenge the {@code WWW-Authenticate} value, or null (503)
     * @param reason a few words for the response body and the access log; never the token
     */
    record Refused(int status, String challenge, String reason) implements Verdict {
    }
}
