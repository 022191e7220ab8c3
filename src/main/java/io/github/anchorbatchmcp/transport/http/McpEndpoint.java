package io.github.anchorbatchmcp.transport.http;

import io.github.anchorbatchmcp.tools.ToolCatalog;
import io.github.anchorbatchmcp.transport.auth.Caller;
import io.github.anchorbatchmcp.transport.auth.OAuthSettings;
import io.github.anchorbatchmcp.transport.auth.ResourceServer;
import io.github.anchorbatchmcp.transport.auth.Verdict;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
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
    private final ToolCatalog catalog;
    private final HttpSettings settings;
    private final byte[] token; // null: no shared token
    private final ResourceServer oauth; // null: no OAuth
    private final Semaphore inFlight;
    private final CallGuard.Watch watch = new CallGuard.Watch();
    private final PrintStream log;

    /** @param oauth the resource server that checks OAuth access tokens, or null for none */
    McpEndpoint(EraServlets eras, ToolCatalog catalog, HttpSettings settings, ResourceServer oauth, PrintStream log) {
        this.eras = eras;
        this.catalog = catalog;
        this.settings = settings;
        this.oauth = oauth;
        this.token = settings.token() == null ? null : settings.token().getBytes(StandardCharsets.UTF_8);
        this.inFlight = new Semaphore(settings.maxInFlight());
        this.log = log;
    }

    /** What one access-log line says besides method, status and time. */
    private static final class Entry {
        String what = "-";
        String who = "";
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
                    + (System.nanoTime() - start) / 1_000_000 + "ms" + entry.who + entry.note);
        }
    }

    private static String path(HttpServletRequest req) {
        String uri = req.getRequestURI();
        return uri.equals(PATH) || uri.equals("/healthz") || ResourceServer.METADATA_PATHS.contains(uri) ? uri : "-";
    }

    private void route(HttpServletRequest req, HttpServletResponse resp, Entry entry)
            throws ServletException, IOException {
        String uri = req.getRequestURI();
        if (uri.equals("/healthz")) {
            plain(resp, 200, "ok");
        } else if (oauth != null && (ResourceServer.METADATA_PATHS.contains(uri) || uri.equals(oauth.metadataPath()))) {
            metadata(req, resp);
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
        Caller caller = null;
        if (oauth != null) {
            Verdict verdict = oauth.check(req.getHeader("Authorization"), tokenInQuery(req.getQueryString()));
            if (verdict instanceof Verdict.Refused refused) {
                refuse(resp, refused, entry);
                return;
            }
            caller = ((Verdict.Allowed) verdict).caller();
            entry.who = caller.logged();
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
        if (caller != null) {
            boolean write = !onlyReads(message);
            if (!caller.may(OAuthSettings.WRITE) && (write || !caller.may(OAuthSettings.READ))) {
                refuse(resp, oauth.insufficientScope(write), entry);
                return;
            }
        }
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
        CallGuard guard = new CallGuard(req, resp, watch);
        req.setAttribute(CallGuard.ATTRIBUTE, guard);
        ProgressStream progress = !modern && wantsProgress(message) ? new ProgressStream(resp, eras.json) : null;
        if (progress != null) {
            req.setAttribute(ToolCatalog.PROGRESS_OUT, progress);
        }
        try {
            (modern ? eras.modern : eras.legacy).service(new BodyReplayRequest(req, body),
                    new PlainErrors(progress != null ? progress : resp));
            if (progress != null) {
                progress.finish();
            }
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

    /**
     * Whether the request only reads: anything but a {@code tools/call} of a tool that, with these
     * arguments, changes or costs something at Anchor. With OAuth that takes {@code anchor:read} (or
     * write, which includes it); the rest takes {@code anchor:write}. Decided before any tool runs.
     */
    private boolean onlyReads(JsonNode message) {
        if (message == null || !"tools/call".equals(message.path("method").asString(""))) {
            return true;
        }
        JsonNode params = message.path("params");
        JsonNode arguments = params.path("arguments");
        @SuppressWarnings("unchecked")
        Map<String, Object> args = arguments.isObject() ? JSON.convertValue(arguments, Map.class) : Map.of();
        return catalog.onlyReads(params.path("name").asString(""), args);
    }

    private static void refuse(HttpServletResponse resp, Verdict.Refused refused, Entry entry) throws IOException {
        if (refused.challenge() != null) {
            resp.setHeader("WWW-Authenticate", refused.challenge());
        }
        if (refused.status() == 503) {
            resp.setHeader("Retry-After", "5");
        }
        plain(resp, refused.status(), (refused.status() == 403 ? "Forbidden: " : refused.status() == 503
                ? "Unavailable: " : "Unauthorized: ") + refused.reason());
        entry.note = entry.note + " (" + refused.reason() + ")";
    }

    /** An {@code access_token} query parameter, which is refused rather than read (RFC 6750 allows it; MCP does not). */
    static boolean tokenInQuery(String query) {
        if (query == null) {
            return false;
        }
        for (String pair : query.split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (URLDecoder.decode(name, StandardCharsets.UTF_8).equals("access_token")) {
                return true;
            }
        }
        return false;
    }

    /** RFC 9728's document, without authentication; GET only. */
    private void metadata(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
            resp.setHeader("Allow", "GET");
            plain(resp, 405, "Method Not Allowed");
            return;
        }
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "max-age=3600");
        resp.getWriter().write(oauth.metadata());
    }

    /** A {@code tools/call} that asks for progress: its {@code _meta} carries a progress token. */
    private static boolean wantsProgress(JsonNode message) {
        return message != null && "tools/call".equals(message.path("method").asString(""))
                && message.path("params").path("_meta").hasNonNull("progressToken");
    }

    /** The legacy servlet's own refusals of these carry a stack trace: refuse them here, plainly. */
    private static boolean legacyHeadersOk(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String type = req.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
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
