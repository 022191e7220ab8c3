package io.github.anchorbatchmcp.resources;

import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.anchor.ApiOutcome;
import io.github.anchorbatchmcp.anchor.ApiSettings;
import io.github.anchorbatchmcp.anchor.BatchId;
import io.github.anchorbatchmcp.anchor.BatchList;
import io.github.anchorbatchmcp.anchor.CallFailure;
import io.github.anchorbatchmcp.anchor.ListOutcome;
import io.github.anchorbatchmcp.anchor.ListQuery;
import io.github.anchorbatchmcp.anchor.Text;
import io.github.anchorbatchmcp.tools.BatchReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The account's batches as resources, in no era's types: {@code anchor-batch://batches/{batch_id}},
 * the 20 newest listed, each read as the report {@code get_batch_session_status} gives. What fails is
 * a {@link Failure}, which each era turns into its own error.
 */
final class BatchResources {

    static final String TEMPLATE = "anchor-batch://batches/{batch_id}";
    static final String PREFIX = "anchor-batch://batches/";
    static final String MIME_TYPE = "application/json";
    static final int LISTED = 20;

    /** One batch in a list: its URI, and a name that says its id and status. */
    record Listed(String uri, String name, String description) {
    }

    /** A resource that cannot be given: missing (no such batch, or not a URI of this server), or the API failed. */
    static final class Failure extends Exception {
        final boolean missing;

        Failure(boolean missing, String message) {
            super(message, null, false, false);
            this.missing = missing;
        }
    }

    private final int maxListedSessions;

    BatchResources(int maxListedSessions) {
        this.maxListedSessions = maxListedSessions;
    }

    /** The newest batches of the key, newest first; an id that is not a UUID is left out. */
    List<Listed> newest(AnchorClient client) throws Failure, InterruptedException {
        requireKey(client);
        ListOutcome outcome = client.list(new ListQuery(null, 1, LISTED, null, null));
        if (!(outcome instanceof ListOutcome.Listed listed)) {
            throw new Failure(false, ((CallFailure) outcome).message());
        }
        List<Listed> batches = new ArrayList<>();
        for (BatchList.Summary b : listed.list().batches()) {
            BatchId id;
            try {
                id = BatchId.parse(b.batchId());
            } catch (IllegalArgumentException notAnId) {
                continue;
            }
            String status = b.status() == null ? "status unknown" : Text.clip(b.status(), 40);
            batches.add(new Listed(PREFIX + id.value(), "Batch " + id.value() + " (" + status + ")",
                    (b.completedRequests() == null ? "?" : b.completedRequests()) + " of "
                            + (b.totalRequests() == null ? "?" : b.totalRequests()) + " sessions created"
                            + (b.createdAt() == null ? "" : ", created " + Text.clip(b.createdAt(), 40))));
        }
        return batches;
    }

    /** The report of the batch {@code uri} names, as get_batch_session_status gives it. */
    BatchReport read(AnchorClient client, String uri) throws Failure, InterruptedException {
        BatchId id = id(uri);
        requireKey(client);
        ApiOutcome outcome = client.fetch(id);
        if (outcome instanceof ApiOutcome.Found found) {
            return BatchReport.of(id, found.status(), maxListedSessions);
        }
        ApiOutcome.Failure failure = (ApiOutcome.Failure) outcome;
        throw new Failure(failure instanceof ApiOutcome.NotFound, failure.message(id));
    }

    /** Whether {@code uri} is one of this server's batch URIs in form (the batch may still be missing). */
    static boolean names(String uri) {
        return uri != null && uri.startsWith(PREFIX);
    }

    private static BatchId id(String uri) throws Failure {
        if (!names(uri)) {
            throw new Failure(true, "Resource not found: this server's resources are " + Dashboard.URI + " and "
                    + TEMPLATE + ".");
        }
        try {
            return BatchId.parse(uri.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new Failure(true, "Resource not found: " + TEMPLATE + " takes a batch id, a UUID such as"
                    + " 123e4567-e89b-12d3-a456-426614174000.");
        }
    }

    private static void requireKey(AnchorClient client) throws Failure {
        if (!client.hasApiKey()) {
            throw new Failure(false, "No Anchor API key is configured: set " + ApiSettings.API_KEY_VARIABLE
                    + " in this server's environment and restart it.");
        }
    }
}
