package io.github.anchorbatchmcp.tools;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;
import javax.imageio.ImageIO;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A MockWebServer dispatcher playing one batch of the Anchor API and its browsers, as the session
 * operations document them: goto, pages, screenshot (a PNG of one colour per session), fetch-webpage
 * (Markdown naming the page), perform-web-task with its status (over after a time the test chooses, on
 * a clock the test owns) and DELETE. The server still records every request for {@code takeRequest()};
 * {@link #answer} overrides what some requests get.
 */
final class FakeBrowsers extends Dispatcher {

    static final String BATCH = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    static final String TASKS = "/v1/tools/perform-web-task";
    static final String START_URL = "https://start.example/";

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final JsonMapper JSON = JsonMapper.shared();

    private final String batchBody;
    private final LongSupplier clock;
    private final List<Function<RecordedRequest, MockResponse>> overrides = new CopyOnWriteArrayList<>();
    private final Map<String, String> urls = new ConcurrentHashMap<>();
    private final Map<String, byte[]> screens = new ConcurrentHashMap<>();
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final AtomicInteger started = new AtomicInteger();
    /** How long each session's task runs, by its session id. */
    private volatile ToLongFunction<String> runsFor = s -> Duration.ofSeconds(3).toNanos();
    /** What a completed task answers, by its prompt and session id. */
    private volatile BiFunction<String, String, Object> result =
            (prompt, session) -> Map.of("answer", "done: " + prompt, "session", session);
    /** Status requests for a task that had already answered that it was over. */
    final Set<String> polledAfterTheEnd = ConcurrentHashMap.newKeySet();

    private record Task(String session, String prompt, long start, boolean[] over) {
    }

    FakeBrowsers(String batchBody, LongSupplier clock) {
        this.batchBody = batchBody;
        this.clock = clock;
    }

    /** The answer for requests {@code answer} gives one for (null: the usual one); the latest added is asked first. */
    FakeBrowsers answer(Function<RecordedRequest, MockResponse> answer) {
        overrides.add(0, answer);
        return this;
    }

    /** {@code response} to every request with this method and target (path and query). */
    FakeBrowsers answer(String method, String target, MockResponse response) {
        return answer(r -> r.getMethod().equals(method) && r.getTarget().equals(target) ? response : null);
    }

    FakeBrowsers tasksRunFor(ToLongFunction<String> nanosBySession) {
        this.runsFor = nanosBySession;
        return this;
    }

    FakeBrowsers tasksAnswer(BiFunction<String, String, Object> answer) {
        this.result = answer;
        return this;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        for (Function<RecordedRequest, MockResponse> o : overrides) {
            MockResponse r = o.apply(request);
            if (r != null) {
                return r;
            }
        }
        String method = request.getMethod();
        String path = request.getUrl().encodedPath();
        if (method.equals("GET") && path.equals("/v1/batch-sessions/" + BATCH)) {
            return MockAnchor.json(200, batchBody);
        }
        if (path.startsWith("/v1/sessions/")) {
            String[] parts = path.substring("/v1/sessions/".length()).split("/");
            String session = parts[0];
            String op = parts.length > 1 ? parts[1] : "";
            switch (method + " " + op) {
                case "POST goto":
                    urls.put(session, JSON.readTree(request.getBody().utf8()).path("url").asString());
                    return MockAnchor.json(200, "{\"status\": \"success\"}");
                case "GET pages":
                    return MockAnchor.json(200, JSON.writeValueAsString(List.of(Map.of("id", "page-1", "title",
                            "Title of " + url(session), "url", url(session), "frontend_url",
                            "https://live.anchorbrowser.io/devtools?sessionId=" + session))));
                case "GET screenshot":
                    return png(screens.computeIfAbsent(session, s -> png(colour(s), 1440, 900)));
                case "DELETE ":
                    return MockAnchor.json(200, "{\"data\": {\"status\": \"terminated\"}}");
                default:
                    return MockAnchor.error(404, "Not found");
            }
        }
        String session = request.getUrl().queryParameter("sessionId");
        if (method.equals("POST") && path.equals("/v1/tools/fetch-webpage")) {
            return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/plain; charset=utf-8")
                    .body("# Title of " + url(session) + "\n\nURL: " + url(session) + "\n").build();
        }
        if (method.equals("POST") && path.equals(TASKS)) {
            String prompt = JSON.readTree(request.getBody().utf8()).path("prompt").asString();
            String id = "wf-" + started.incrementAndGet() + "-" + session;
            tasks.put(id, new Task(session, prompt, clock.getAsLong(), new boolean[1]));
            return MockAnchor.json(200, "{\"data\": {\"status\": \"running\", \"workflow_id\": \"" + id + "\"}}");
        }
        if (method.equals("GET") && path.startsWith(TASKS + "/") && path.endsWith("/status")) {
            String id = path.substring(TASKS.length() + 1, path.length() - "/status".length());
            Task task = tasks.get(id);
            if (task == null) {
                return MockAnchor.error(404, "Task not found");
            }
            synchronized (task) {
                if (task.over()[0]) {
                    polledAfterTheEnd.add(id);
                }
                if (clock.getAsLong() - task.start() < runsFor.applyAsLong(task.session())) {
                    return MockAnchor.json(200, "{\"data\": {\"status\": \"RUNNING\"}}");
                }
                task.over()[0] = true;
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("status", "COMPLETED");
                data.put("result", result.apply(task.prompt(), task.session()));
                return MockAnchor.json(200, JSON.writeValueAsString(Map.of("data", data)));
            }
        }
        return MockAnchor.error(404, "Not found");
    }

    private String url(String session) {
        return urls.getOrDefault(session, START_URL);
    }

    // ---- batches and pictures

    /** The id of the session at item {@code i} of the batches built here. */
    static String sessionId(int i) {
        return String.format("00000000-5e55-4000-8000-%012d", i);
    }

    /**
     * A batch of status {@code status} whose item {@code i} is as {@code states[i]} says: "ready" (a running
     * browser), "failed", "processing", "pending".
     */
    static String batch(String status, String... states) {
        List<Map<String, Object>> sessions = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("item_index", i);
            switch (states[i]) {
                case "ready":
                    s.put("session_id", sessionId(i));
                    s.put("status", "completed");
                    s.put("cdp_url", "wss://connect.anchorbrowser.io?sessionId=" + sessionId(i));
                    s.put("live_view_url", "https://live.anchorbrowser.io?sessionId=" + sessionId(i));
                    break;
                case "failed":
                    s.put("status", "failed");
                    s.put("error", "Browser crashed during startup");
                    break;
                default:
                    s.put("status", states[i]);
            }
            s.put("retry_count", 0);
            sessions.add(s);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("batch_id", BATCH);
        data.put("status", status);
        data.put("total_requests", states.length);
        data.put("sessions", sessions);
        data.put("progress", Map.of("percentage", 100, "current_phase", "ready"));
        return JSON.writeValueAsString(Map.of("data", data));
    }

    /** A completed batch of {@code n} ready sessions. */
    static String ready(int n) {
        String[] states = new String[n];
        Arrays.fill(states, "ready");
        return batch("completed", states);
    }

    /** The colour a session's screenshots are filled with. */
    static Color colour(String session) {
        int spread = session.hashCode() * 0x9E3779B9; // ids that differ in one digit get hues far apart
        return new Color(Color.HSBtoRGB((spread >>> 8) / (float) (1 << 24), 0.85f, 0.9f));
    }

    static byte[] png(Color fill, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(fill);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static MockResponse png(byte[] bytes) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "image/png")
                .body(new Buffer().write(bytes)).build();
    }
}
