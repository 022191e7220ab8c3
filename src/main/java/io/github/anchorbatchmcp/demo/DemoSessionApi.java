package io.github.anchorbatchmcp.demo;

import io.github.anchorbatchmcp.demo.DemoLife.Reply;
import io.github.anchorbatchmcp.demo.DemoSessions.Browser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The operations on one running session of a batch, as the API documents them: navigate, screenshot,
 * pages, page content, AI task (and its status) and end. An unknown, not yet ready or ended session
 * answers 404 to each; the request is checked (400) once the session is found.
 */
final class DemoSessionApi {

    static final String SESSIONS = "/v1/sessions/";
    static final String FETCH = "/v1/tools/fetch-webpage";
    static final String TASK = "/v1/tools/perform-web-task";

    private final DemoSessions sessions;
    private final DemoTasks tasks;
    private final DemoScreens screens = new DemoScreens();
    private final Duration screenshotDelay;

    /** @param screenshotDelay real time each screenshot waits before it is answered (for benchmarks) */
    DemoSessionApi(DemoLedger ledger, LongSupplier nanoTime, Duration screenshotDelay) {
        this.sessions = new DemoSessions(ledger);
        this.tasks = new DemoTasks(nanoTime);
        this.screenshotDelay = screenshotDelay;
    }

    /** Whether {@code path} is one of these operations' paths. */
    static boolean handles(String path) {
        return path.startsWith(SESSIONS) || path.equals(FETCH) || path.startsWith(TASK);
    }

    /** The answer; null for a method and path that are none of these operations. */
    Reply route(String method, String path, String rawQuery, byte[] body) {
        if (path.startsWith(SESSIONS)) {
            String[] parts = path.substring(SESSIONS.length()).split("/", -1);
            String op = parts.length == 2 ? parts[1] : parts.length == 1 ? "" : null;
            String key = method + " " + op;
            switch (key) {
                case "DELETE ":
                    return end(parts[0]);
                case "POST goto":
                    return go(parts[0], body);
                case "GET screenshot":
                    return screenshot(parts[0]);
                case "GET pages":
                    return pages(parts[0]);
                default:
                    return null;
            }
        }
        if (path.equals(FETCH) && method.equals("POST")) {
            return fetch(DemoSessionRequests.sessionIdQuery(rawQuery), body);
        }
        if (path.equals(TASK) && method.equals("POST")) {
            return task(DemoSessionRequests.sessionIdQuery(rawQuery), body);
        }
        if (path.startsWith(TASK + "/") && path.endsWith("/status") && method.equals("GET")) {
            String id = path.substring(TASK.length() + 1, path.length() - "/status".length());
            return id.isEmpty() || id.contains("/") ? null : tasks.status(id);
        }
        return null;
    }

    private Reply go(String sessionId, byte[] body) {
        Browser browser = sessions.running(sessionId);
        if (browser == null) {
            return notFound();
        }
        String url = DemoSessionRequests.gotoUrl(DemoRequests.object(body, false));
        return browser.go(url) ? new Reply(200, Map.of("status", "success")) : notFound();
    }

    private Reply screenshot(String sessionId) {
        if (!screenshotDelay.isZero()) {
            try {
                Thread.sleep(screenshotDelay.toMillis(), screenshotDelay.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the server is stopping: answer at once
            }
        }
        Browser browser = sessions.running(sessionId);
        return browser == null ? notFound() : Reply.bytes("image/png", screens.png(browser.session(), browser.url()));
    }

    private Reply pages(String sessionId) {
        Browser browser = sessions.running(sessionId);
        if (browser == null) {
            return notFound();
        }
        String url = browser.url();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("id", browser.pageId());
        page.put("title", DemoPages.title(url));
        page.put("url", url);
        page.put("frontend_url", "https://live.anchorbrowser.io/devtools/inspector.html?sessionId=" + sessionId
                + "&pageId=" + browser.pageId());
        return new Reply(200, List.of(page));
    }

    private Reply fetch(String sessionId, byte[] body) {
        Browser browser = sessions.running(sessionId);
        if (browser == null) {
            return notFound();
        }
        DemoSessionRequests.Fetch asked = DemoSessionRequests.fetch(DemoRequests.object(body, true));
        // A URL given is read as it is; the current page stays where it was.
        String url = asked.url() != null ? asked.url() : browser.url();
        String text = asked.html() ? DemoPages.html(url) : DemoPages.markdown(url);
        return Reply.bytes("text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private Reply task(String sessionId, byte[] body) {
        Browser browser = sessions.running(sessionId);
        if (browser == null) {
            return notFound();
        }
        DemoSessionRequests.Task asked = DemoSessionRequests.task(DemoRequests.object(body, false));
        if (asked.url() != null && !browser.go(asked.url())) {
            return notFound();
        }
        String url = browser.url();
        DemoTasks.Outcome outcome = DemoTasks.outcome(asked, url, DemoPages.title(url));
        if (asked.async()) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("status", "running");
            data.put("workflow_id", tasks.start(sessionId, outcome));
            return new Reply(200, Map.of("data", data));
        }
        // The synchronous form answers when the task is over: the simulator's are over at once. A task that
        // failed is the API's documented 500.
        return outcome.error() != null ? Reply.error(500, outcome.error())
                : new Reply(200, Map.of("data", Map.of("result", outcome.result())));
    }

    private Reply end(String sessionId) {
        Browser browser = sessions.running(sessionId);
        if (browser == null || !browser.end()) {
            return notFound();
        }
        tasks.sessionEnded(sessionId);
        return new Reply(200, Map.of("data", Map.of("status", "terminated")));
    }

    private static Reply notFound() {
        return Reply.error(404, "Session not found");
    }
}
