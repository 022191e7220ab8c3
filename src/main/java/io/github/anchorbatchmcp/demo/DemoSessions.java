package io.github.anchorbatchmcp.demo;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated browsers: one for every ready session of every batch, made when an operation first
 * names it, on its batch's initial URL (or an empty page). A browser ended stays known as ended, so
 * that its id answers 404 from then on instead of a fresh browser.
 */
final class DemoSessions {

    /** One session's browser: one page (tab), and whether it was ended. */
    static final class Browser {
        private final DemoLedger.ReadySession session;
        private String url;
        private boolean ended;

        private Browser(DemoLedger.ReadySession session) {
            this.session = session;
            this.url = session.initialUrl() == null ? DemoPages.BLANK : session.initialUrl();
        }

        DemoLedger.ReadySession session() {
            return session;
        }

        synchronized String url() {
            return url;
        }

        /** Goes to {@code url}; false when the browser was ended (before or meanwhile). */
        synchronized boolean go(String url) {
            if (!ended) {
                this.url = url;
            }
            return !ended;
        }

        /** Ends the browser; false when it already was. */
        synchronized boolean end() {
            boolean was = ended;
            ended = true;
            return !was;
        }

        synchronized boolean ended() {
            return ended;
        }

        /** The page's id, as the pages endpoint gives it: fixed for the session, in the form of a CDP target id. */
        String pageId() {
            byte[] name = ("page 0 of " + session.sessionId()).getBytes(StandardCharsets.UTF_8);
            return UUID.nameUUIDFromBytes(name).toString().replace("-", "").toUpperCase(Locale.ROOT);
        }
    }

    private final DemoLedger ledger;
    private final Map<String, Browser> browsers = new ConcurrentHashMap<>();

    DemoSessions(DemoLedger ledger) {
        this.ledger = ledger;
    }

    /** The browser of this session if it runs; null when the session is unknown, not ready or ended. */
    Browser running(String sessionId) {
        Browser browser = browsers.get(sessionId);
        if (browser == null) {
            // Looked up outside the map's lock: the ledger computes the batch's sessions.
            DemoLedger.ReadySession ready = ledger.readySession(sessionId);
            if (ready == null) {
                return null;
            }
            browser = browsers.computeIfAbsent(sessionId, id -> new Browser(ready));
        }
        return browser.ended() || ledger.terminated(browser.session().batchId()) ? null : browser;
    }
}
