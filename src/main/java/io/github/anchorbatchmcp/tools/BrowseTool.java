package io.github.anchorbatchmcp.tools;

import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.anchor.BatchId;
import io.github.anchorbatchmcp.anchor.PageText;
import io.github.anchorbatchmcp.anchor.SessionFailure;
import io.github.anchorbatchmcp.anchor.SessionOutcome;
import io.github.anchorbatchmcp.anchor.SessionPage;
import io.github.anchorbatchmcp.anchor.Text;
import io.github.anchorbatchmcp.picture.ContactSheet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool {@code browse_batch_sessions}: opens a page in each chosen ready browser of a batch (or
 * leaves them where they are) and looks at them: one contact sheet of their screenshots, their pages'
 * text, fenced as untrusted. Sessions run in parallel ({@link SessionFanOut}); one session's failure is
 * reported in its own entry. Opening a page twice is harmless, so it is idempotent, not read-only;
 * on a read-only server it only looks.
 */
public final class BrowseTool implements AnchorTool {

    public static final String NAME = "browse_batch_sessions";

    enum Look { SCREENSHOT, TEXT, BOTH, NONE;

        boolean screenshot() {
            return this == SCREENSHOT || this == BOTH;
        }

        boolean text() {
            return this == TEXT || this == BOTH;
        }

        String argument() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final int DEFAULT_MAX_CHARS = 4000;
    static final int MIN_MAX_CHARS = 200;
    static final int MAX_MAX_CHARS = 20_000;
    /** All pages' text in one result: with many sessions each page gets its share, at least the minimum. */
    static final int TOTAL_CHARS = 40_000;
    static final int MAX_TITLE = 200;

    private static final Logger log = LoggerFactory.getLogger(BrowseTool.class);

    private final AnchorClient client;
    private final int maxDriven;
    private final boolean readOnly;

    public BrowseTool(AnchorClient client, int maxDriven, boolean readOnly) {
        this.client = client;
        this.maxDriven = maxDriven;
        this.readOnly = readOnly;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** What was asked, read and checked before any request. */
    private record Ask(BatchId batch, List<Integer> sessions, String url, List<String> urls, Look look, int maxChars) {

        /** The URL to open in the {@code i}-th session driven, or null. */
        String urlFor(int i) {
            return url != null ? url : urls != null && i < urls.size() ? urls.get(i) : null;
        }
    }

    /** Without url or urls it opens nothing. */
    @Override
    public boolean onlyLooks(Map<String, Object> arguments) {
        return arguments.get("url") == null && arguments.get("urls") == null;
    }

    @Override
    public ToolResult call(Map<String, Object> arguments, ProgressSink progress) {
        Ask ask;
        try {
            ask = ask(arguments);
        } catch (IllegalArgumentException e) {
            return ToolResults.error(e.getMessage());
        }
        return ToolResults.callApi(client, log, "browsing batch " + ask.batch(), "browsing batch " + ask.batch(),
                "Calling again may work", () -> browse(ask));
    }

    private Ask ask(Map<String, Object> args) {
        BatchId batch = BatchId.parse(args.get("batch_id"));
        String url = Arguments.string(args, "url");
        List<String> urls = Arguments.strings(args, "urls");
        if (url != null && urls != null) {
            throw new IllegalArgumentException("Give url (the same page in every session) or urls (one per session),"
                    + " not both.");
        }
        if (readOnly && (url != null || urls != null)) {
            throw new IllegalArgumentException("This server is read-only (ANCHOR_READ_ONLY=true): " + NAME + " only"
                    + " looks at the pages as they are, and opens none. Leave url and urls out.");
        }
        if (urls != null && urls.isEmpty()) {
            throw new IllegalArgumentException("urls is empty: give one URL per session, or leave it out.");
        }
        if (url != null) {
            TargetUrl.check(url, "url");
        }
        if (urls != null) {
            for (int i = 0; i < urls.size(); i++) {
                TargetUrl.check(urls.get(i), "urls[" + i + "]");
            }
        }
        List<Integer> sessions = DrivenSessions.requested(args, maxDriven);
        int limit = sessions != null ? sessions.size() : maxDriven;
        if (urls != null && urls.size() > limit) {
            throw new IllegalArgumentException(urls.size() + " urls for " + limit + " sessions: give at most one URL"
                    + " per session" + (sessions != null ? " named in sessions." : " (one call drives at most "
                    + maxDriven + ", ANCHOR_MAX_DRIVEN_SESSIONS)."));
        }
        String lookArg = Arguments.string(args, "look");
        Look look;
        try {
            look = lookArg == null ? Look.SCREENSHOT : Look.valueOf(lookArg.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("look must be screenshot, text, both or none (got \""
                    + WebContent.oneLine(lookArg, 40) + "\").");
        }
        Integer maxChars = Arguments.integer(args, "max_chars", MIN_MAX_CHARS, MAX_MAX_CHARS);
        return new Ask(batch, sessions, url, urls, look, maxChars == null ? DEFAULT_MAX_CHARS : maxChars);
    }

    private ToolResult browse(Ask ask) throws InterruptedException {
        int wanted = ask.urls() != null && ask.sessions() == null ? ask.urls().size() : maxDriven;
        DrivenSessions.Pick pick = DrivenSessions.pick(client, ask.batch(), ask.sessions(), wanted);
        if (pick.refusal() != null) {
            return pick.refusal();
        }
        DrivenSessions.Choice choice = pick.choice();
        List<DrivenSessions.Driven> driven = choice.sessions();
        if (ask.urls() != null && ask.urls().size() > driven.size()) {
            return ToolResults.error(ask.urls().size() + " urls for " + driven.size() + " ready sessions of batch "
                    + ask.batch() + ": give at most one URL per ready session. Nothing was done.");
        }
        ContactSheet sheet = ask.look().screenshot() ? ContactSheet.forTiles(driven.size()) : null;
        int budget = Math.min(ask.maxChars(), Math.max(MIN_MAX_CHARS, TOTAL_CHARS / driven.size()));
        long started = System.nanoTime();
        Duration limit = client.worstCase();
        List<Visit> visits = SessionFanOut.run(choice.positions(), SessionFanOut.PARALLEL, limit,
                i -> visit(driven.get(i), ask.urlFor(i), ask.look(), sheet, budget),
                i -> new Visit(driven.get(i), ask.urlFor(i), null, ask.urlFor(i) == null ? null : false, null, null,
                        List.of("stopped: the call's time limit of " + Text.words(limit)
                                + " ran out before this session was done")));
        log.info("browse batch {}: {} sessions in {} ms", ask.batch(), visits.size(),
                (System.nanoTime() - started) / 1_000_000);
        return BrowseReport.of(ask.batch(), ask.look(), visits, choice.readyNotDriven(), sheet, budget);
    }

    /** What one session gave: open, then look, in that order. */
    record Visit(DrivenSessions.Driven session, String url, String title, Boolean opened, PageText text,
            ContactSheet.Thumbnail thumbnail, List<String> errors) {

        /** Something asked for came: a page opened, a look, or (for look none) every step done without error. */
        boolean gaveSomething() {
            return errors.isEmpty() || Boolean.TRUE.equals(opened) || text != null || thumbnail != null;
        }
    }

    private Visit visit(DrivenSessions.Driven s, String url, Look look, ContactSheet sheet, int budget)
            throws InterruptedException {
        List<String> errors = new ArrayList<>();
        if (s.id() == null) {
            errors.add("the API gave this session no usable session id");
            return new Visit(s, null, null, url == null ? null : false, null, null, errors);
        }
        Boolean opened = null;
        if (url != null) {
            SessionOutcome<String> open = client.navigate(s.id(), url);
            opened = open instanceof SessionOutcome.Done;
            if (open instanceof SessionOutcome.Failed<String> failed) {
                errors.add("open: " + failed.failure().message());
                if (failed.failure() instanceof SessionFailure.Ended) {
                    return new Visit(s, null, null, false, null, null, errors); // no page: the browser is gone
                }
            }
        }
        String pageUrl = url;
        String title = null;
        SessionOutcome<List<SessionPage>> pages = client.pages(s.id());
        if (pages instanceof SessionOutcome.Done<List<SessionPage>> done) {
            SessionPage page = current(done.value(), url);
            if (page != null) {
                title = WebContent.oneLine(page.title(), MAX_TITLE);
                pageUrl = page.url() != null ? WebContent.oneLine(page.url(), TargetUrl.MAX_LENGTH) : pageUrl;
            }
        } else if (pages instanceof SessionOutcome.Failed<List<SessionPage>> failed) {
            errors.add("pages: " + failed.failure().message());
            if (failed.failure() instanceof SessionFailure.Ended) {
                return new Visit(s, pageUrl, null, opened, null, null, errors);
            }
        }
        ContactSheet.Thumbnail thumbnail = null;
        if (look.screenshot()) {
            SessionOutcome<byte[]> shot = client.screenshot(s.id());
            if (shot instanceof SessionOutcome.Done<byte[]> done) {
                try {
                    thumbnail = sheet.thumbnail(done.value());
                } catch (ContactSheet.NotAnImage e) {
                    errors.add("screenshot: the Anchor API's answer is not an image (" + e.getMessage() + ")");
                }
            } else if (shot instanceof SessionOutcome.Failed<byte[]> failed) {
                errors.add("screenshot: " + failed.failure().message());
            }
        }
        PageText text = null;
        if (look.text()) {
            SessionOutcome<PageText> read = client.pageText(s.id());
            if (read instanceof SessionOutcome.Done<PageText> done) {
                String clean = WebContent.clean(done.value().text());
                String cut = WebContent.clip(clean, budget);
                text = new PageText(cut, done.value().cut() || !cut.equals(clean));
            } else if (read instanceof SessionOutcome.Failed<PageText> failed) {
                errors.add("text: " + failed.failure().message());
            }
        }
        return new Visit(s, pageUrl, title, opened, text, thumbnail, errors);
    }

    /** The page just opened (by its URL), else the first. */
    private static SessionPage current(List<SessionPage> pages, String opened) {
        if (opened != null) {
            for (SessionPage p : pages) {
                if (opened.equals(p.url())) {
                    return p;
                }
            }
        }
        return pages.isEmpty() ? null : pages.get(0);
    }
}
