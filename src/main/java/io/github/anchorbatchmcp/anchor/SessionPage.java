package io.github.anchorbatchmcp.anchor;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One page (tab) of {@code GET /v1/sessions/{session_id}/pages}. Every field may be null. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SessionPage(
        @JsonProperty("id") String id,
        @JsonProperty("title") String title,
        @JsonProperty("url") String url,
        @JsonProperty("frontend_url") String frontendUrl) {
}
