package io.github.anchorbatchmcp.tools;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.anchor.BatchList;
import io.github.anchorbatchmcp.anchor.CallFailure;
import io.github.anchorbatchmcp.anchor.ListOutcome;
import io.github.anchorbatchmcp.anchor.ListQuery;
import io.github.anchorbatchmcp.anchor.Text;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The tool {@code list_batch_sessions}: one page of this key's batches, newest first; read-only. */
public final class ListBatchesTool implements AnchorTool {

    public static final String NAME = "list_batch_sessions";
    static final Set<String> STATUSES = Set.of("pending", "processing", "completed", "failed", "cancelled");

    private static final Logger log = LoggerFactory.getLogger(ListBatchesTool.class);

    record Batch(
            @JsonProperty("batch_id") String batchId,
            @JsonProperty("status") String status,
            @JsonProperty("total") Integer total,
            @JsonProperty("completed") Integer completed,
            @JsonProperty("failed") Integer failed,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("ended_at") String endedAt) {
    }

    /** The structured result: the page, and where it stands among all pages. */
    record Page(
            @JsonProperty("batches") List<Batch> batches,
            @JsonProperty("page") Integer page,
            @JsonProperty("total_pages") Integer totalPages,
            @JsonProperty("total_batches") Integer totalBatches,
            @JsonProperty("has_next") Boolean hasNext) {
    }

    private final AnchorClient client;

    public ListBatchesTool(AnchorClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ToolResult call(Map<String, Object> arguments, ProgressSink progress) {
        ListQuery query;
        try {
            String status = Arguments.string(arguments, "status");
            if (status != null && !STATUSES.contains(status)) {
                throw new IllegalArgumentException("status must be one of pending, processing, completed, failed or"
                        + " cancelled (got \"" + Text.clip(status, 40) + "\"), or left out to list every batch.");
            }
            query = new ListQuery(status, Arguments.integer(arguments, "page", 1, Integer.MAX_VALUE),
                    Arguments.integer(arguments, "limit", 1, 100), Arguments.time(arguments, "created_after"),
                    Arguments.time(arguments, "created_before"));
        } catch (IllegalArgumentException e) {
            return ToolResults.error(e.getMessage());
        }
        return ToolResults.callApi(client, log, "the list request", "listing batches", "Calling again may work", () -> {
            ListOutcome outcome = client.list(query);
            return outcome instanceof ListOutcome.Listed listed ? page(listed.list())
                    : ToolResults.error(((CallFailure) outcome).message());
        });
    }

    private static ToolResult page(BatchList list) {
        BatchList.Pagination p = list.pagination() != null ? list.pagination()
                : new BatchList.Pagination(null, null, null, null, null);
        List<Batch> batches = list.batches().stream().map(b -> new Batch(b.batchId(), b.status(), b.totalRequests(),
                b.completedRequests(), b.failedRequests(), b.createdAt(), b.actualCompletionTime())).toList();
        StringBuilder text = new StringBuilder(batches.isEmpty() ? "No batches match." : "Batches, newest first");
        if (p.currentPage() != null && !batches.isEmpty()) {
            text.append(" (page ").append(p.currentPage()).append(p.totalPages() == null ? "" : " of " + p.totalPages())
                    .append(p.totalRecords() == null ? "" : ", " + p.totalRecords() + " in all").append(')');
        }
        text.append(batches.isEmpty() ? "" : ":");
        for (Batch b : batches) {
            text.append("\n- ").append(b.batchId()).append(": ").append(b.status() == null ? "status unknown" : b.status())
                    .append(", ").append(b.completed() == null ? "?" : b.completed()).append('/')
                    .append(b.total() == null ? "?" : b.total()).append(" created")
                    .append(b.failed() == null || b.failed() == 0 ? "" : ", " + b.failed() + " failed")
                    .append(b.createdAt() == null ? "" : ", created " + b.createdAt());
        }
        if (Boolean.TRUE.equals(p.hasNext())) {
            text.append("\nMore on page ").append(p.currentPage() == null ? 2 : p.currentPage() + 1).append('.');
        }
        return new ToolResult(text.toString(),
                new Page(batches, p.currentPage(), p.totalPages(), p.totalRecords(), p.hasNext()), false);
    }
}
