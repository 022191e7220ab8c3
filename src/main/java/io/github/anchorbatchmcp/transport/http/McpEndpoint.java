package io.github.anchorbatchmcp.transport.http;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.concurrent.Semaphore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every request: {@code /healthz}, and {@code /mcp} with the checks every MCP request gets (Origin,
 * Host, bearer token, method, body size, the bound on requests in flight), then the era decided from
 * the request, and the request handed, its body replayed, to the SDK's modern servlet or to its
 * stateless legacy one. One access-log line each, on stderr; never a header's value.
 */
final class McpEndpoint extends HttpServlet {

    static final String PATH = "/mcp";
    static final int MAX_BODY = 1 << 20;

    static final Set<String> LEGACY_VERSIONS = Set.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");
    static final Set<String> MODERN_ONLY_METHODS = Set.of("server/discover", "subscriptions/listen");
    static final String CLAIM = "io.modelcontextprotocol/protocolVersion";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final org.slf4j.Logger debug = org.slf4j.LoggerFactory.getLogger(McpEndpoint.class);

    private final EraServlets eras;
    private final HttpSettings settings;
    private final byte[] token; // null: no auth
    private final Semaphore inFlight;
    private final PrintStream log;

    McpEndpoint(EraServlets eras, HttpSettings settings, PrintStream log) {
        this.eras = eras;
        this.settings = settings;
        this.token = settings.token() == null ? null : settings.token().getBytes(StandardCharsets.UTF_8);
        this.inFlight = new Semaphore(settings.maxInFlight());
        this.log = log;
    }

    /** What one access-log line says besides method, status and time. */
    private static final class Entry {
        String what = "-";
        String note = "";
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        long start = System.nanoTime();
        Entry entry = new Entry();
        try {
            route(req, resp, entry);
        } finally {
            log.println("http " + req.getMethod() + " " + path(req) + " " + entry.what + " " + resp.getStatus() + " "
                    + (System.nanoTime() - start) / 1_000_000 + "ms" + entry.note);
        }
    }

    private static String path(HttpServletRequest req) {
        String uri = req.getRequestURI();
        return uri.equals(PATH) || uri.equals("/healthz") ? uri : "-";
    }

    private void route(HttpServletRequest req, HttpServletResponse resp, Entry entry)
            throws ServletException, IOException {
        String uri = req.getRequestURI();
        if (uri.equals("/healthz")) {
            plain(resp, 200, "ok");
        } else if (!uri.equals(PATH)) {
            plain(resp, 404, "Not found: MCP is served at " + PATH);
        } else {
            mcp(req, resp, entry);
        }
    }

    private void mcp(HttpServletRequest req, HttpServletResponse resp, Entry entry)
            throws ServletException, IOException {
        String origin = req.getHeader("Origin");
        if (origin != null && !Hosts.originAllowed(origin, settings.allowedOrigins())) {
            plain(resp, 403, "Forbidden: Origin not allowed");
            return;
        }
        if (settings.loopback() && !Hosts.isLoopbackHost(req.getHeader("Host"))) {
            plain(resp, 403, "Forbidden: Host not allowed");
            return;
        }
        if (token != null && !authorized(req.getHeader("Authorization"))) {
            resp.setHeader("WWW-Authenticate", "Bearer");
            plain(resp, 401, "Unauthorized: send Authorization: Bearer <token>");
            return;
        }
        if (!"POST".equals(req.getMethod())) {
            resp.setHeader("Allow", "POST");
            plain(resp, 405, "Method Not Allowed: this server is stateless and takes POST only");
            return;
        }
        if (req.getContentLengthLong() > MAX_BODY) {
            plain(resp, 413, "Request body larger than 1 MB");
            return;
        }
        byte[] body = readAtMost(req.getInputStream(), MAX_BODY);
        if (body == null) {
            plain(resp, 413, "Request body larger than 1 MB");
            return;
        }
        JsonNode message = parse(body);
        boolean modern = isModern(req.getHeader("MCP-Protocol-Version"), message);
        entry.what = (modern ? "modern " : "legacy ") + describe(message);
        if (debug.isDebugEnabled()) {
            debug.debug("received {}", io.github.anchorbatchmcp.transport.MessageLog.describe(message));
        }
        if (!modern && !legacyHeadersOk(req, resp)) {
            return;
        }
        if (!inFlight.tryAcquire()) {
            resp.setHeader("Retry-After", "1");
            plain(resp, 503, "Busy: " + settings.maxInFlight() + " requests in flight; try again");
            entry.note = " (limit " + settings.maxInFlight() + " in flight)";
            return;
        }
        CallGuard guard = new CallGuard(req, resp);
        req.setAttribute(CallGuard.ATTRIBUTE, guard);
        try {
            (modern ? eras.modern : eras.legacy).service(new BodyReplayRequest(req, body), new PlainErrors(resp));
        } finally {
            inFlight.release();
            if (guard.cancelled()) {
                entry.note = " (cancelled: the client closed the connection)";
            }
        }
    }

    /**
     * 2026-07-28 when the request says so: a 2026-07-28 claim in params._meta, an
     * MCP-Protocol-Version header that is not an initialize-era version, or a method only 2026-07-28
     * has. A body that is not a JSON-RPC object goes there too (it answers -32700 or -32600 plainly).
     * Everything else (initialize, and an initialize-era session's later requests) is legacy.
     */
    static boolean isModern(String versionHeader, JsonNode message) {
        if (message == null || !message.isObject()) {
            return true;
        }
        if (versionHeader != null && !LEGACY_VERSIONS.contains(versionHeader.strip())) {
            return true;
        }
        JsonNode meta = message.path("params").path("_meta");
        if (meta.isObject() && meta.has(CLAIM)) {
            return true;
        }
        return MODERN_ONLY_METHODS.contains(message.path("method").asString(""));
    }

    /** The legacy servlet's own refusals of these carry a stack trace: refuse them here, plainly. */
    private static boolean legacyHeadersOk(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String type = req.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            plain(resp, 415, "Unsupported Media Type: Content-Type must be application/json");
            return false;
        }
        String accept = req.getHeader("Accept");
        if (accept == null || !accept.contains("application/json") || !accept.contains("text/event-stream")) {
            plain(resp, 406, "Not Acceptable: Accept must list application/json and text/event-stream");
            return false;
        }
        return true;
    }

    private boolean authorized(String header) {
        byte[] given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        return MessageDigest.isEqual(given, token); // time independent of where the first difference is
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The method, and for tools/call the tool's name when it looks like one (the body is the client's text). */
    private static String describe(JsonNode m) {
        if (m == null || !m.isObject()) {
            return "?";
        }
        String method = safe(m.path("method").asString(""));
        String name = m.path("params").path("name").asString("");
        return method.equals("tools/call") ? method + " " + safe(name) : method;
    }

    private static String safe(String s) {
        return s.matches("[A-Za-z0-9_./-]{1,64}") ? s : "?";
    }

    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int total = 0;
        for (int n; (n = in.read(buf)) != -1; ) {
            total += n;
            if (total > max) {
                return null;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    static void plain(HttpServletResponse resp, int status, String text) throws IOException {
        resp.resetBuffer();
        resp.setStatus(status);
        resp.setContentType("text/plain");
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().write(text + "\n");
        resp.flushBuffer();
    }
}
