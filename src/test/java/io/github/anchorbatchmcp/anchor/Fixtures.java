package io.github.anchorbatchmcp.anchor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** API bodies written from the documented schema, under src/test/resources/fixtures. */
public final class Fixtures {

    public static final String BATCH = "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
    public static final BatchId ID = new BatchId(BATCH);

    private Fixtures() {
    }

    public static String body(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a fixture as the client would, with {@code key} as the configured API key. */
    public static BatchStatus status(String name, String key) {
        ApiOutcome outcome = new ResponseParser(new Redactor(key))
                .status(200, body(name).getBytes(StandardCharsets.UTF_8), "application/json");
        if (outcome instanceof ApiOutcome.Found found) {
            return found.status();
        }
        throw new AssertionError(name + " did not parse: " + outcome);
    }

    /** Parses a body of the documented shape, with no key configured. */
    public static BatchStatus parse(String body) {
        ApiOutcome outcome = new ResponseParser(new Redactor(null))
                .status(200, body.getBytes(StandardCharsets.UTF_8), "application/json");
        if (outcome instanceof ApiOutcome.Found found) {
            return found.status();
        }
        throw new AssertionError("did not parse: " + outcome);
    }

    public static BatchStatus status(String name) {
        return status(name, null);
    }

    /** A batch of {@code n} sessions, every one ready, with long-ish URLs and metadata. */
    public static String largeReadyBatch(int n) {
        StringBuilder out = new StringBuilder("{\"data\":{\"batch_id\":\"" + BATCH + "\",\"status\":\"completed\","
                + "\"total_requests\":" + n + ",\"completed_requests\":" + n + ",\"failed_requests\":0,"
                + "\"processing_requests\":0,\"pending_requests\":0,\"sessions\":[");
        for (int i = 0; i < n; i++) {
            String sid = String.format("%08x-0000-4000-8000-%012x", i, i);
            out.append(i == 0 ? "" : ",").append("{\"item_index\":").append(i)
                    .append(",\"session_id\":\"").append(sid).append("\",\"status\":\"completed\"")
                    .append(",\"cdp_url\":\"wss://connect.anchorbrowser.io?sessionId=").append(sid).append('"')
                    .append(",\"live_view_url\":\"https://live.anchorbrowser.io?sessionId=").append(sid).append('"')
                    .append(",\"retry_count\":0,\"started_at\":\"2026-11-28T10:00:00Z\"")
                    .append(",\"completed_at\":\"2026-11-28T10:00:10Z\",\"metadata\":{\"task\":\"crawl\",\"n\":")
                    .append(i).append("}}");
        }
        return out.append("],\"progress\":{\"percentage\":100,\"current_phase\":\"ready\"}}}").toString();
    }
}
