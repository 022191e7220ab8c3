package io.github.anchorbatchmcp.tools;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What {@code browse_batch_sessions} returns as structured content (schema: {@code browse-result.schema.json}):
 * one entry per session driven, where the contact sheet's tiles lie, and how many ready sessions were
 * left out.
 */
record BrowseResult(
        @JsonProperty("batch_id") String batchId,
        @JsonProperty("look") String look,
        @JsonProperty("sessions") List<Session> sessions,
        @JsonProperty("ready_sessions_not_driven") int readySessionsNotDriven,
        @JsonProperty("contact_sheet") Sheet contactSheet) {

    /**
     * @param opened true once {@code url} was opened in it, false when opening failed, null when none was asked
     * @param text the page's content as Markdown, cut at the call's budget (untrusted web content)
     * @param error what went wrong for this session, step by step; null when nothing did
     */
    record Session(
            @JsonProperty("item_index") Integer itemIndex,
            @JsonProperty("session_id") String sessionId,
            @JsonProperty("url") String url,
            @JsonProperty("title") String title,
            @JsonProperty("opened") Boolean opened,
            @JsonProperty("text") String text,
            @JsonProperty("text_truncated") boolean textTruncated,
            @JsonProperty("error") String error) {
    }

    record Sheet(
            @JsonProperty("width") int width,
            @JsonProperty("height") int height,
            @JsonProperty("columns") int columns,
            @JsonProperty("tiles") List<Tile> tiles) {
    }

    record Tile(
            @JsonProperty("item_index") Integer itemIndex,
            @JsonProperty("x") int x,
            @JsonProperty("y") int y,
            @JsonProperty("w") int w,
            @JsonProperty("h") int h) {
    }
}
