package io.github.anchorbatchmcp.anchor;

/**
 * The content of a session's current page as {@code POST /v1/tools/fetch-webpage} gives it, scrubbed
 * of the key: web content, untrusted.
 *
 * @param cut true when the page was longer than the client reads (the text is its beginning)
 */
public record PageText(String text, boolean cut) {
}
