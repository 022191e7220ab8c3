package io.github.anchorbatchmcp.transport;

/**
 * Decides, message by message in the order they arrive, which era serves a stdio connection. The
 * first message that belongs to an era pins the connection to it, as the specification's dual-era
 * servers do (the TypeScript SDK's {@code serveStdio} and the Python SDK decide the same way):
 * <ul>
 * <li>{@code server/discover} with a valid envelope is answered and pins nothing, so that a client
 * that probes and then sends {@code initialize} gets an ordinary legacy session;
 * <li>any other request with a valid 2026-07-28 envelope pins the modern era;
 * <li>{@code initialize}, or any request without an envelope, pins the legacy era;
 * <li>a request whose envelope is invalid (unsupported version, missing capabilities) is answered
 * with the modern server's error and pins nothing; notifications pin nothing.
 * </ul>
 * Once pinned modern, every message goes to the modern server, which answers {@code initialize}
 * with -32022 and an envelope-less request with -32602. Once pinned legacy, a request with an
 * envelope is refused with -32600 (the era does not switch mid-connection); everything else goes to
 * the legacy session, which keeps every behaviour of the initialize era.
 */
final class EraRouter {

    enum Route {
        LEGACY, MODERN, REFUSE, DROP
    }

    private enum Era {
        LEGACY, MODERN
    }

    static final String DISCOVER = "server/discover";

    private Era pinned;

    /**
     * @param method null for a response
     * @param request true for a request (method and id), false for a notification or response
     */
    Route route(String method, boolean request, Envelope envelope) {
        if (pinned == Era.MODERN) {
            return Route.MODERN;
        }
        if (pinned == Era.LEGACY) {
            return request && envelope != Envelope.NONE ? Route.REFUSE : Route.LEGACY;
        }
        if (method == null) {
            return Route.DROP; // a response before anything was asked
        }
        if (envelope == Envelope.NONE) {
            if (request) {
                pinned = Era.LEGACY;
            }
            return Route.LEGACY;
        }
        if (request && envelope == Envelope.VALID && !DISCOVER.equals(method)) {
            pinned = Era.MODERN;
        }
        return Route.MODERN;
    }

    boolean pinned() {
        return pinned != null;
    }
}
