package io.github.anchorbatchmcp.resources;

import io.github.anchorbatchmcp.tools.ToolCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The batch dashboard, an MCP App (extension {@code io.modelcontextprotocol/ui}, 2026-01-26): one
 * self-contained HTML document, checked in as {@code src/main/resources/ui/dashboard.html}, that a
 * host renders beside the result of every tool whose descriptor links it. It needs no network: its
 * metadata declares no domain, so the host's restrictive default policy applies.
 */
public final class Dashboard {

    public static final String URI = ToolCatalog.DASHBOARD_URI;
    public static final String MIME_TYPE = "text/html;profile=mcp-app";
    static final String NAME = "dashboard";
    static final String TITLE = "Batch dashboard";
    static final String DESCRIPTION = "A live view of one batch beside a tool's result: status, progress, counts,"
            + " a tile per ready browser with its live view, failures by reason, the contact sheet; Refresh, and End"
            + " all browsers after a confirming click.";
    /** What the document's contents carry: a border, and no domain beyond the default policy's. */
    static final Map<String, Object> CONTENT_META = Map.of("ui", Map.of("prefersBorder", true));

    private static final String RESOURCE = "/ui/dashboard.html";
    /** The one attribute the document's script reads to know whether it may offer to end browsers. */
    static final String FULL_MODE = "data-mode=\"full\"";
    static final String READ_ONLY_MODE = "data-mode=\"read-only\"";

    private final String html;

    private Dashboard(String html) {
        this.html = html;
    }

    /** The document as this server serves it: a read-only server's has no End button. */
    public static Dashboard load(boolean readOnly) {
        String html;
        try (InputStream in = Dashboard.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (html.indexOf(FULL_MODE) != html.lastIndexOf(FULL_MODE) || !html.contains(FULL_MODE)) {
            throw new IllegalStateException(RESOURCE + " must say " + FULL_MODE + " exactly once");
        }
        return new Dashboard(readOnly ? html.replace(FULL_MODE, READ_ONLY_MODE) : html);
    }

    public String html() {
        return html;
    }
}
