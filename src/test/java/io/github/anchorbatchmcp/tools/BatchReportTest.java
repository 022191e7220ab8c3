package io.github.anchorbatchmcp.tools;

import io.github.anchorbatchmcp.anchor.Fixtures;
import io.github.anchorbatchmcp.anchor.BatchStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.json.McpJsonDefaults;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchReportTest {

    private static BatchReport report(String fixture, int maxListed) {
        return BatchReport.of(Fixtures.ID, Fixtures.status(fixture), maxListed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"completed", "processing", "failed", "cancelled", "empty-data", "unknown-values"})
    void everyFixtureGivesAReportThatFitsTheOutputSchema(String fixture) {
        OutputSchema.assertValid(report(fixture, 20));
    }

    @Test
    void completedBatchListsItsReadySessionsInItemOrder() {
        BatchReport r = report("completed", 20);
        assertEquals("completed", r.status());
        assertTrue(r.finished());
        assertEquals(BatchReport.USE_READY_SESSIONS, r.nextStep());
        assertEquals(List.of(0, 1, 2), r.readySessions().stream().map(BatchReport.ReadySession::itemIndex).toList());
        assertEquals(3, r.counts().ready());
        assertEquals(0, r.readySessionsNotListed());
        assertEquals("2026-11-28T10:00:12Z", r.completedAt());
        assertEquals("checkout-flow", r.readySessions().get(0).metadata().get("task"));
        assertEquals("""
                Batch 6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b: completed (phase ready, 100% done).
                Sessions: 3 requested; 3 ready, 3 completed, 0 failed, 0 processing, 0 pending.
                Next: connect to the 3 ready browsers now through their cdp_url (a Chrome DevTools Protocol \
                websocket); an idle browser closes after about 5 minutes. The batch is over: no more sessions will \
                become ready.

                Ready sessions (3):
                - item 0: session a1b2c3d4-0000-4000-8000-000000000000
                  cdp_url: wss://connect.anchorbrowser.io?sessionId=a1b2c3d4-0000-4000-8000-000000000000
                  live_view_url: https://live.anchorbrowser.io?sessionId=a1b2c3d4-0000-4000-8000-000000000000
                - item 1: session b2c3d4e5-0000-4000-8000-000000000001
                  cdp_url: wss://connect.anchorbrowser.io?sessionId=b2c3d4e5-0000-4000-8000-000000000001
                  live_view_url: https://live.anchorbrowser.io?sessionId=b2c3d4e5-0000-4000-8000-000000000001
                - item 2: session c3d4e5f6-0000-4000-8000-000000000002
                  cdp_url: wss://connect.anchorbrowser.io?sessionId=c3d4e5f6-0000-4000-8000-000000000002
                  live_view_url: https://live.anchorbrowser.io?sessionId=c3d4e5f6-0000-4000-8000-000000000002
                """, ReportText.render(r));
    }

    @Test
    void processingBatchSaysToDriveWhatIsReadyAndPollForTheRest() {
        BatchReport r = report("processing", 20);
        assertFalse(r.finished());
        assertEquals(BatchReport.USE_READY_SESSIONS, r.nextStep());
        assertEquals(1, r.counts().ready(), "a completed session without a cdp_url is not ready");
        assertEquals(2, r.counts().completed());
        assertEquals(42.5, r.progress().percentage());
        assertEquals("provisioning", r.progress().phase());
        String text = ReportText.render(r);
        assertTrue(text.startsWith("Batch 6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b: processing (phase provisioning,"
                + " 42.5% done).\nSessions: 5 requested; 1 ready, 2 completed, 1 failed, 1 processing, 1 pending.\n"),
                text);
        assertTrue(text.contains("More may follow; for the rest, call wait_for_batch_sessions to wait in one call,"
                + " or get_batch_session_status again in about 5 seconds."), text);
        assertTrue(text.contains("Failed sessions (1), by reason:\n- 1 × Browser provisioning timed out\n"
                + "Failed items: 2 (3 retries).\n"), text);
    }

    @Test
    void failedBatchSaysToGiveUpWithItsErrorAndGroupedReasons() {
        BatchReport r = report("failed", 20);
        assertTrue(r.finished());
        assertEquals(BatchReport.GIVE_UP, r.nextStep());
        assertEquals("Quota exceeded: concurrent session limit reached", r.error());
        assertEquals(List.of(new BatchReport.FailureReason("Concurrent session limit reached", 2),
                new BatchReport.FailureReason("Proxy connection failed", 1),
                new BatchReport.FailureReason("no reason given", 1)), r.failureReasons());
        assertEquals(4, r.failedSessions().size());
        String text = ReportText.render(r);
        assertTrue(text.contains("Batch error: Quota exceeded: concurrent session limit reached\n"
                + "Next: the batch failed and no browser is ready to drive;"), text);
        assertTrue(text.contains("Failed items: 0 (2 retries), 1 (2 retries), 2 (1 retry), 3.\n"), text);
    }

    @Test
    void cancelledBatchKeepsItsReadySessionAndCountsCancelledOnes() {
        BatchReport r = report("cancelled", 20);
        assertTrue(r.finished());
        assertEquals(BatchReport.USE_READY_SESSIONS, r.nextStep());
        assertEquals(List.of(new BatchReport.FailureReason("cancelled", 2)), r.failureReasons());
        assertEquals("cancelled", r.failedSessions().get(0).status());
    }

    @Test
    void missingFieldsAreNullAndNotAnError() {
        BatchReport r = report("empty-data", 20);
        assertEquals(Fixtures.BATCH, r.batchId(), "falls back to the id asked for");
        assertNull(r.status());
        assertFalse(r.finished());
        assertEquals(BatchReport.WAIT, r.nextStep());
        assertNull(r.counts().total());
        assertNull(r.progress().percentage());
        assertEquals("""
                Batch 6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b: status unknown.
                Sessions: 0 ready.
                Next: no browser is ready yet; call wait_for_batch_sessions to wait in one call, or \
                get_batch_session_status again in about 5 seconds. The API gave no status; treat the batch as still \
                running.
                """, ReportText.render(r));
    }

    @Test
    void unknownStatusIsPassedThroughAndTreatedAsRunning() {
        BatchReport r = report("unknown-values", 20);
        assertEquals("throttled", r.status());
        assertFalse(r.finished());
        assertEquals(BatchReport.USE_READY_SESSIONS, r.nextStep());
        assertTrue(ReportText.render(r).contains("The status \"throttled\" is not one this server knows"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 5000})
    void aLargeBatchGivesASmallResult(int sessions) throws Exception {
        BatchStatus big = Fixtures.parse(Fixtures.largeReadyBatch(sessions));
        for (int maxListed : new int[] {20, 100}) {
            BatchReport r = BatchReport.of(Fixtures.ID, big, maxListed);
            assertEquals(maxListed, r.readySessions().size());
            assertEquals(sessions - maxListed, r.readySessionsNotListed());
            String text = ReportText.render(r);
            assertTrue(text.contains("… and " + (sessions - maxListed) + " more ready sessions not listed here."));
            int structured = McpJsonDefaults.getMapper().writeValueAsString(r).length();
            // Assistants refuse results over about 25,000 tokens (~100 KB): text and structured together stay well under.
            assertTrue(text.length() + structured < 60_000, "result is " + (text.length() + structured) + " chars");
            OutputSchema.assertValid(r);
        }
    }

    @Test
    void manyDistinctFailureReasonsAreGroupedIntoABoundedList() {
        StringBuilder body = new StringBuilder("{\"data\":{\"status\":\"failed\",\"sessions\":[");
        for (int i = 0; i < 300; i++) {
            body.append(i == 0 ? "" : ",").append("{\"item_index\":").append(i)
                    .append(",\"status\":\"failed\",\"error\":\"reason ").append(i % 25).append(' ')
                    .append("x".repeat(1000)).append("\"}");
        }
        body.append("]}}");
        BatchStatus s = Fixtures.parse(body.toString());
        BatchReport r = BatchReport.of(Fixtures.ID, s, 20);
        assertEquals(BatchReport.MAX_REASONS, r.failureReasons().size());
        assertEquals("16 other reasons", r.failureReasons().get(BatchReport.MAX_REASONS - 1).error());
        assertEquals(300, r.failureReasons().stream().mapToInt(BatchReport.FailureReason::count).sum());
        assertEquals(20, r.failedSessions().size());
        assertEquals(280, r.failedSessionsNotListed());
        assertTrue(r.failedSessions().get(0).error().length() <= BatchReport.MAX_TEXT);
        assertTrue(ReportText.render(r).length() < 6_000);
        OutputSchema.assertValid(r);
    }

    @Test
    void theSchemaCheckCatchesAViolation() {
        BatchReport r = report("completed", 20);
        BatchReport broken = new BatchReport(r.batchId(), r.status(), r.finished(), "drive_now", r.counts(),
                r.progress(), r.createdAt(), r.completedAt(), r.error(), r.readySessions(),
                r.readySessionsNotListed(), r.failedSessions(), r.failedSessionsNotListed(), r.failureReasons(), null);
        assertThrows(AssertionError.class, () -> OutputSchema.assertValid(broken));
    }

    @Test
    void oversizedMetadataIsReplacedByANote() {
        String body = "{\"data\":{\"sessions\":[{\"status\":\"completed\",\"cdp_url\":\"wss://x\","
                + "\"metadata\":{\"blob\":\"" + "y".repeat(5000) + "\"}}]}}";
        BatchStatus s = Fixtures.parse(body);
        BatchReport r = BatchReport.of(Fixtures.ID, s, 20);
        assertEquals("metadata over 1000 characters", r.readySessions().get(0).metadata().get("omitted"));
        OutputSchema.assertValid(r);
    }
}
