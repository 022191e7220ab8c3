package io.github.anchorbatchmcp.transport.http;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * The SDK servlets refuse some requests with sendError, which makes the container render an HTML
 * error page; this answers them as a short plain text with the same status instead.
 */
final class PlainErrors extends HttpServletResponseWrapper {

    PlainErrors(HttpServletResponse response) {
        super(response);
    }

    @Override
    public void sendError(int status) throws IOException {
        sendError(status, null);
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        if (isCommitted()) {
            throw new IllegalStateException("the response is already committed");
        }
        McpEndpoint.plain(this, status, message == null ? "HTTP " + status : message);
    }
}
