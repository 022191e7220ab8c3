package io.github.anchorbatchmcp.tools;

import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.anchor.ApiOutcome;
import io.github.anchorbatchmcp.anchor.BatchId;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool {@code get_batch_session_status}: its descriptor (the checked-in file, served as is) and
 * its handler. Every outcome, including bad input and a missing key, is a tool result; nothing is thrown.
 */
public final class BatchStatusTool implements AnchorTool {

    public static final String NAME = "get_batch_session_status";

    private static final Logger log = LoggerFactory.getLogger(BatchStatusTool.class);

    private final AnchorClient client;
    private final int maxListedSessions;

    public BatchStatusTool(AnchorClient client, int maxListedSessions) {
        this.client = client;
        this.maxListedSessions = maxListedSessions;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A small answer in the documented shape, run through the whole result path by {@link #warmUp}. */
    private static final byte[] SAMPLE = ("{\"data\":{\"batch_id\":\"00000000-0000-4000-8000-000000000000\","
            + "\"status\":\"processing\",\"total_requests\":2,\"completed_requests\":1,\"failed_requests\":1,"
            + "\"processing_requests\":0,\"pending_requests\":0,\"created_at\":\"2026-01-01T00:00:00Z\","
            + "\"sessions\":[{\"item_index\":0,\"session_id\":\"00000000-0000-4000-8000-000000000001\","
            + "\"status\":\"completed\",\"cdp_url\":\"wss://x?sessionId=1\",\"live_view_url\":\"https://x\","
            + "\"retry_count\":0,\"completed_at\":\"2026-01-01T00:00:01Z\",\"metadata\":{\"k\":[1,\"v\"]}},"
            + "{\"item_index\":1,\"status\":\"failed\",\"error\":\"e\",\"retry_count\":1}],"
            + "\"progress\":{\"percentage\":50.0,\"current_phase\":\"configuring\"}}}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /**
     * Prepares what the first call needs and start-up did not build, in the order a call needs it:
     * the schema validator with this tool's schemas, the HTTP stack and the parse path (one exchange
     * with a loopback socket), then the report, its text and its check. Run on its own thread once
     * the server is built; a failure here only costs speed.
     */
    void warmUp(ToolDescriptor descriptor, JsonSchemaValidator validator) {
        try {
            validator.validate(descriptor.inputSchema(), Map.of("batch_id", "00000000-0000-4000-8000-000000000000"));
            if (client.warmUp(SAMPLE) instanceof ApiOutcome.Found found) {
                BatchReport report = BatchReport.of(new BatchId(found.status().batchId()), found.status(), 1);
                ReportText.render(report);
                validator.validate(descriptor.outputSchema(), report);
            }
        } catch (RuntimeException e) {
            log.debug("warm-up failed: {}", e.toString());
        }
    }

    @Override
    public ToolResult call(Map<String, Object> arguments, ProgressSink progress) {
        BatchId id;
        try {
            id = BatchId.parse(arguments.get("batch_id"));
        } catch (IllegalArgumentException e) {
            return ToolResults.error(e.getMessage());
        }
        return ToolResults.callApi(client, log, "the request for batch " + id, "reading batch " + id,
                "Calling again may work", () -> {
                    long started = System.nanoTime();
                    ApiOutcome outcome = client.fetch(id);
                    log.info("batch {}: {} in {} ms", id, outcome.getClass().getSimpleName(),
                            (System.nanoTime() - started) / 1_000_000);
                    return outcome instanceof ApiOutcome.Found found
                            ? ToolResults.report(BatchReport.of(id, found.status(), maxListedSessions))
                            : ToolResults.error(((ApiOutcome.Failure) outcome).message(id));
                });
    }
}
