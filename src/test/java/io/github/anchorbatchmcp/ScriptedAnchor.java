package io.github.anchorbatchmcp;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;

/**
 * A loopback Anchor API that a test scripts: MockWebServer with this dispatcher. It knows one batch,
 * {@link #BATCH}, whose ready sessions are simulated browsers: goto moves one, pages names its page,
 * its screenshots are PNGs of the session's own colour ({@link #colour}), fetch-webpage gives its
 * page as Markdown, an AI task starts and is over at its first status poll, DELETE ends it (404 from
 * then on). Any answer can be replaced for one request target ({@link #answer}). It records every
 * request in order, counts the requests being answered at once, and counts held requests
 * ({@link #hold}) whose connection the client closed.
 */
final class ScriptedAnchor extends Dispatcher implements AutoCloseable {

    static final String BATCH = "5c21b7d0-1a2b-4c3d-8e4f-0000000000b1";
    static final String BATCH_PATH = "/v1/batch-sessions/" + BATCH;
    /** The page a session shows before anything opened another. */
    static final String START_PAGE = "https://start.example/";

    /** One request as the API received it. */
    record Seen(String method, String target, String body, String key) {

        /** "POST /v1/sessions/…/goto {"url":"…"}": what a test compares. */
        String line() {
            return method + " " + target + (body.isEmpty() ? "" : " " + body);
        }
    }

    /** How one request target is answered instead of the default; it may block (a slow API). */
    @FunctionalInterface
    interface Handler {
        MockResponse answer(RecordedRequest request) throws InterruptedException;
    }

    private static final Color[] COLOURS = {new Color(220, 30, 30), new Color(30, 200, 30), new Color(30, 60, 230),
        new Color(240, 220, 20), new Color(220, 40, 220), new Color(20, 220, 230), new Color(250, 140, 0),
        new Color(130, 60, 20), new Color(255, 255, 255), new Color(120, 120, 250), new Color(0, 110, 60),
        new Color(160, 0, 80)};
    private static final Map<Integer, byte[]> PNGS = new ConcurrentHashMap<>();
    /** Kept, so that its level stays: a held connection the client closed is what a test wants, not a crash. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger(MockWebServer.class.getName());

    static {
        QUIET.setLevel(java.util.logging.Level.OFF);
    }

    private final String key;
    private final java.util.Set<String> otherKeys = ConcurrentHashMap.newKeySet();
    private final MockWebServer server = new MockWebServer();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Handler> answers = new ConcurrentHashMap<>();
    private final Map<Integer, String> pages = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> ended = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    private final Map<String, Integer> pollsUntilDone = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger hungUp = new AtomicInteger();
    private volatile int ready = 3;
    private volatile int failed = 1;
    private volatile String status = "completed";

    ScriptedAnchor(String key) throws IOException {
        this.key = key;
        server.setDispatcher(this);
        server.start();
    }

    String baseUrl() {
        return server.url("/").toString();
    }

    /** The environment of a server process pointed at this API. */
    Map<String, String> env(String... more) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("ANCHOR_API_KEY", key, "ANCHOR_BASE_URL", baseUrl()));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    /** Forgets the script, the requests and the browsers' state: a batch of 3 ready sessions and 1 failed. */
    void reset() {
        answers.clear();
        seen.clear();
        pages.clear();
        ended.clear();
        polls.clear();
        pollsUntilDone.clear();
        mostInFlight.set(0);
        held.set(0);
        hungUp.set(0);
        ready = 3;
        failed = 1;
        status = "completed";
        otherKeys.clear();
    }

    /** The batch holds {@code ready} ready sessions (items 0 to ready - 1) and {@code failed} failed ones after them. */
    void batch(int ready, int failed) {
        this.ready = ready;
        this.failed = failed;
    }

    /** Takes {@code other} as a valid key too (a caller's own, over HTTP), from now on. */
    void alsoAccept(String other) {
        otherKeys.add(other);
    }

    /** The batch's status as the API gives it: completed unless set. */
    void status(String status) {
        this.status = status;
    }

    /** Answers requests to {@code method} and {@code target} (path and query) with {@code handler}. */
    void answer(String method, String target, Handler handler) {
        answers.put(method + " " + target, handler);
    }

    /** The task {@code workflowId} reports RUNNING to its first {@code polls - 1} status polls, then COMPLETED. */
    void doneAtPoll(String workflowId, int polls) {
        pollsUntilDone.put(workflowId, polls);
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The requests so far, as {@link Seen#line}s. */
    List<String> lines() {
        return seen.stream().map(Seen::line).toList();
    }

    /** The requests about session {@code item} (by its id in the path or the query), in order. */
    List<String> linesOf(int item) {
        String id = sessionId(item);
        return seen.stream().filter(s -> s.target().contains(id)).map(Seen::line).toList();
    }

    int requests() {
        return seen.size();
    }

    int mostInFlight() {
        return mostInFlight.get();
    }

    int held() {
        return held.get();
    }

    int hungUp() {
        return hungUp.get();
    }

    // ---- names

    static String sessionId(int item) {
        return String.format("5e55e000-0000-4000-8000-%012d", item);
    }

    static String workflowId(int item) {
        return "wf-" + item;
    }

    static String gotoOf(int item) {
        return "/v1/sessions/" + sessionId(item) + "/goto";
    }

    static String pagesOf(int item) {
        return "/v1/sessions/" + sessionId(item) + "/pages";
    }

    static String screenshotOf(int item) {
        return "/v1/sessions/" + sessionId(item) + "/screenshot";
    }

    static String fetchOf(int item) {
        return "/v1/tools/fetch-webpage?sessionId=" + sessionId(item);
    }

    static String taskOf(int item) {
        return "/v1/tools/perform-web-task?sessionId=" + sessionId(item);
    }

    static String statusOf(String workflowId) {
        return "/v1/tools/perform-web-task/" + workflowId + "/status";
    }

    static String endOf(int item) {
        return "/v1/sessions/" + sessionId(item);
    }

    /** The colour of session {@code item}'s screenshots. */
    static Color colour(int item) {
        return COLOURS[item % COLOURS.length];
    }

    /** The title of the page at {@code url}: "Page of " and its host. */
    static String title(String url) {
        return "Page of " + HttpUrl.get(url).host();
    }

    /** A 1440×900 PNG of one colour, as a browser's screenshot. */
    static byte[] png(int item) {
        return PNGS.computeIfAbsent(item, i -> {
            BufferedImage image = new BufferedImage(1440, 900, BufferedImage.TYPE_INT_RGB);
            var g = image.createGraphics();
            g.setColor(colour(i));
            g.fillRect(0, 0, 1440, 900);
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                ImageIO.write(image, "png", out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        });
    }

    // ---- answers

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse error(int code, String message) {
        return json(code, "{\"error\":{\"code\":" + code + ",\"message\":" + quote(message) + "}}");
    }

    static MockResponse text(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/plain; charset=utf-8").body(body)
                .build();
    }

    static MockResponse bytes(String contentType, byte[] body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", contentType)
                .body(new Buffer().write(body)).build();
    }

    /** An answer that comes only after {@code seconds}: past the server's time-out, it never arrives. */
    static Handler late(int seconds, MockResponse response) {
        return r -> new MockResponse.Builder(response).headersDelay(seconds, TimeUnit.SECONDS).build();
    }

    /**
     * Headers, then nothing: the request stays in flight until the client closes the connection,
     * which {@link #hungUp} counts.
     */
    MockResponse hold() {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "image/png")
                .setHeader("Content-Length", "100000").socketHandler(socket -> {
                    held.incrementAndGet();
                    try (BufferedSource in = Okio.buffer(socket.getSource())) {
                        while (!in.exhausted()) {
                            in.skip(in.getBuffer().size());
                        }
                    } catch (IOException e) {
                        // closed: the same as the end of the stream
                    }
                    hungUp.incrementAndGet();
                }).build();
    }

    /** Waits until {@code n} requests are inside it at once (at most 10 s), then gives the default answer. */
    Handler together(int n) {
        CountDownLatch arrived = new CountDownLatch(n);
        return r -> {
            arrived.countDown();
            arrived.await(10, TimeUnit.SECONDS);
            return byDefault(r);
        };
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        String apiKey = request.getHeaders().get("anchor-api-key");
        seen.add(new Seen(request.getMethod(), request.getTarget(), body, apiKey));
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            if (!key.equals(apiKey) && !otherKeys.contains(apiKey)) {
                return error(401, "Invalid API key");
            }
            Handler handler = answers.get(request.getMethod() + " " + request.getTarget());
            return handler != null ? handler.answer(request) : byDefault(request);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** What the simulated API answers when the script says nothing else. */
    MockResponse byDefault(RecordedRequest request) {
        String method = request.getMethod();
        HttpUrl url = request.getUrl();
        String path = url.encodedPath();
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        if (path.equals(BATCH_PATH)) {
            return method.equals("GET") ? json(200, batchBody())
                    : method.equals("PATCH") ? error(409, "Batch is already completed") : error(405, "Method not allowed");
        }
        if (path.startsWith("/v1/batch-sessions/")) {
            return error(404, "Batch not found");
        }
        if (path.startsWith("/v1/tools/perform-web-task/") && path.endsWith("/status") && method.equals("GET")) {
            String workflow = path.substring("/v1/tools/perform-web-task/".length(), path.length() - "/status".length());
            int poll = polls.computeIfAbsent(workflow, w -> new AtomicInteger()).incrementAndGet();
            if (poll < pollsUntilDone.getOrDefault(workflow, 1)) {
                return json(200, "{\"data\":{\"status\":\"RUNNING\"}}");
            }
            return json(200, "{\"data\":{\"status\":\"COMPLETED\",\"result\":{\"answer\":\"done by " + workflow
                    + "\",\"polls\":" + poll + "}}}");
        }
        Integer item = path.startsWith("/v1/sessions/") ? item(path.split("/")[3])
                : item(url.queryParameter("sessionId"));
        if (item == null || ended.containsKey(item)) {
            return error(404, "Session not found");
        }
        String page = pages.getOrDefault(item, START_PAGE);
        if (path.endsWith("/goto") && method.equals("POST")) {
            String target = tools.jackson.databind.json.JsonMapper.shared().readTree(body).path("url").asString();
            pages.put(item, target);
            return json(200, "{\"status\":\"success\"}");
        }
        if (path.endsWith("/pages") && method.equals("GET")) {
            return json(200, "[{\"id\":\"P" + item + "\",\"title\":" + quote(title(page)) + ",\"url\":" + quote(page)
                    + ",\"frontend_url\":\"https://live.example/" + item + "\"}]");
        }
        if (path.endsWith("/screenshot") && method.equals("GET")) {
            return bytes("image/png", png(item));
        }
        if (path.equals("/v1/tools/fetch-webpage") && method.equals("POST")) {
            return text("# " + title(page) + "\n\nURL: " + page + "\n\nThe text of item " + item + ".\n");
        }
        if (path.equals("/v1/tools/perform-web-task") && method.equals("POST")) {
            return json(200, "{\"data\":{\"status\":\"running\",\"workflow_id\":\"" + workflowId(item) + "\"}}");
        }
        if (path.equals(endOf(item)) && method.equals("DELETE")) {
            ended.put(item, true);
            return json(200, "{\"data\":{\"status\":\"terminated\"}}");
        }
        return error(404, "Not found");
    }

    private Integer item(String sessionId) {
        for (int i = 0; i < ready; i++) {
            if (sessionId(i).equals(sessionId)) {
                return i;
            }
        }
        return null;
    }

    /** The batch, completed: its items listed last first, so that the server has to order them. */
    private String batchBody() {
        int total = ready + failed;
        List<String> items = new ArrayList<>();
        for (int i = total - 1; i >= 0; i--) {
            String sid = sessionId(i);
            items.add(i < ready
                    ? "{\"item_index\":" + i + ",\"session_id\":\"" + sid + "\",\"status\":\"completed\",\"cdp_url\":"
                            + "\"wss://connect.example/?sessionId=" + sid + "\",\"live_view_url\":\"https://live.example/?"
                            + "sessionId=" + sid + "\",\"retry_count\":0,\"completed_at\":\"2026-11-28T10:00:10Z\"}"
                    : "{\"item_index\":" + i + ",\"session_id\":null,\"status\":\"failed\",\"error\":\"Browser"
                            + " provisioning timed out\",\"retry_count\":1}");
        }
        return "{\"data\":{\"batch_id\":\"" + BATCH + "\",\"status\":\"" + status + "\",\"total_requests\":" + total
                + ",\"completed_requests\":" + ready + ",\"failed_requests\":" + failed + ",\"processing_requests\":0,"
                + "\"pending_requests\":0,\"created_at\":\"2026-11-28T10:00:00Z\",\"sessions\":[" + String.join(",", items)
                + "],\"progress\":{\"percentage\":100,\"current_phase\":\"ready\"}}}";
    }

    static String quote(String s) {
        return tools.jackson.databind.json.JsonMapper.shared().writeValueAsString(s);
    }

    @Override
    public void close() {
        server.close();
    }
}
