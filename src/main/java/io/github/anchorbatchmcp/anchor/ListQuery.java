package io.github.anchorbatchmcp.anchor;

import java.time.Instant;

/**
 * Which batches to list, and which page; every part may be null, which leaves it out of the request
 * (the API then lists all, page 1, 20 to a page, newest first).
 *
 * @param status pending, processing, completed, failed or cancelled; a string, as the API's values grow
 * @param page 1 or more
 * @param limit batches per page, 1 to 100
 */
public record ListQuery(String status, Integer page, Integer limit, Instant createdAfter, Instant createdBefore) {

    /** The first page of all batches, as the API pages them by default. */
    public static final ListQuery NEWEST = new ListQuery(null, null, null, null, null);

    public ListQuery {
        if (status != null && status.isBlank()) {
            throw new IllegalArgumentException("status must be one of pending, processing, completed, failed or"
                    + " cancelled, or left out to list every batch.");
        }
        if (page != null && page < 1) {
            throw new IllegalArgumentException("page must be 1 or more (got " + page + ").");
        }
        if (limit != null && (limit < 1 || limit > 100)) {
            throw new IllegalArgumentException("limit must be between 1 and 100 (got " + limit + ").");
        }
    }
}
