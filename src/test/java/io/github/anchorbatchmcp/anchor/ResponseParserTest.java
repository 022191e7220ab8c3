package io.github.anchorbatchmcp.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseParserTest {

    private final ResponseParser parser = new ResponseParser(new Redactor("sk-fixture-key-0123456789"));

    private ApiOutcome parse(String body, String contentType) {
        return parser.status(200, body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    private String badResponse(String body, String contentType) {
        return assertInstanceOf(ApiOutcome.BadResponse.class, parse(body, contentType)).problem();
    }

    @Test
    void readsEveryDocumentedField() {
        BatchStatus s = Fixtures.status("completed");
        assertEquals(Fixtures.BATCH, s.batchId());
        assertEquals("completed", s.status());
        assertEquals(3, s.totalRequests());
        assertEquals(3, s.completedRequests());
        assertEquals(0, s.failedRequests());
        assertEquals(0, s.processingRequests());
        assertEquals(0, s.pendingRequests());
        assertEquals("2026-11-28T10:00:00Z", s.createdAt());
        assertEquals("2026-11-28T10:00:12Z", s.actualCompletionTime());
        assertEquals(100.0, s.progress().percentage());
        assertEquals("ready", s.progress().currentPhase());
        BatchStatus.Session first = s.sessions().get(0);
        assertEquals(2, first.itemIndex());
        assertEquals("c3d4e5f6-0000-4000-8000-000000000002", first.sessionId());
        assertEquals("completed", first.status());
        assertTrue(first.cdpUrl().startsWith("wss://connect.anchorbrowser.io?sessionId="));
        assertTrue(first.liveViewUrl().startsWith("https://live.anchorbrowser.io?sessionId="));
        assertEquals(0, first.retryCount());
        assertEquals("2026-11-28T10:00:01Z", first.startedAt());
        assertEquals("2026-11-28T10:00:11Z", first.completedAt());
        assertEquals("checkout-flow", first.metadata().get("task"));
        assertTrue(first.isReady());
    }

    @Test
    void everyFieldMayBeMissing() {
        BatchStatus s = Fixtures.status("empty-data");
        assertNull(s.batchId());
        assertNull(s.status());
        assertNull(s.totalRequests());
        assertNull(s.progress());
        assertEquals(0, s.sessions().size());
    }

    @Test
    void unknownFieldsAreIgnoredAndUnknownValuesKept() {
        BatchStatus s = Fixtures.status("unknown-values");
        assertEquals("throttled", s.status());
        assertEquals("scheduling", s.progress().currentPhase());
        assertEquals(2, s.sessions().size(), "a null session item is dropped");
        assertEquals("warming", s.sessions().get(0).status());
        assertFalse(s.sessions().get(0).isReady(), "only completed sessions are ready");
        assertTrue(s.sessions().get(1).isReady());
        assertEquals("processing", Fixtures.status("processing").status());
    }

    @Test
    void theKeyIsMaskedInUrlsAndWhereverItStands() {
        BatchStatus s = Fixtures.status("cancelled", "sk-fixture-key-0123456789");
        assertEquals("wss://connect.anchorbrowser.io?sessionId=a1b2c3d4-0000-4000-8000-000000000000&apiKey=***",
                s.sessions().get(0).cdpUrl());
        BatchStatus other = Fixtures.status("cancelled", "some-other-key");
        assertTrue(other.sessions().get(0).cdpUrl().endsWith("&apiKey=***"), "masked by parameter name too");
        ApiOutcome.Found found = assertInstanceOf(ApiOutcome.Found.class, parse("""
                {"data": {"error": "bad key sk-fixture-key-0123456789 used", "sessions": [
                  {"metadata": {"note": ["x sk-fixture-key-0123456789"]}}]}}""", "application/json"));
        assertEquals("bad key *** used", found.status().error());
        assertEquals("{note=[x ***]}", found.status().sessions().get(0).metadata().toString());
    }

    @Test
    void bodiesThatAreNotTheDocumentedJsonAreNamed() {
        assertEquals("the body is empty", badResponse("", "application/json"));
        assertTrue(badResponse("<!DOCTYPE html><html>oops</html>", "text/html; charset=utf-8")
                .startsWith("an HTML page"));
        assertTrue(badResponse("{\"data\": {\"status\": \"comp", "application/json").startsWith("invalid JSON"));
        assertEquals("it has no \"data\"", badResponse("{\"data\": null}", "application/json"));
        assertEquals("it has no \"data\"", badResponse("{\"batch_id\": \"x\"}", "application/json"));
        assertEquals("\"data\" is not an object", badResponse("{\"data\": []}", "application/json"));
        assertEquals("expected a JSON object", badResponse("[1,2]", "application/json"));
        assertEquals("field data.total_requests has the wrong type",
                badResponse("{\"data\": {\"total_requests\": \"many\"}}", "application/json"));
        assertEquals("field data.sessions[1].retry_count has the wrong type", badResponse(
                "{\"data\": {\"sessions\": [{}, {\"retry_count\": {}}]}}", "application/json"));
    }

    @Test
    void invalidJsonMessagesNeverEchoTheKey() {
        String problem = badResponse("sk-fixture-key-0123456789 is not json", "application/json");
        assertFalse(problem.contains("sk-fixture-key-0123456789"), problem);
    }

    @Test
    void errorMessagesAreReadFromTheDocumentedShape() {
        assertEquals("Invalid API key", parser.errorMessage(
                "{\"error\": {\"code\": 401, \"message\": \"Invalid API key\"}}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("plain", parser.errorMessage("{\"error\": \"plain\"}".getBytes(StandardCharsets.UTF_8)));
        assertNull(parser.errorMessage("<html>".getBytes(StandardCharsets.UTF_8)));
        assertNull(parser.errorMessage(new byte[0]));
        assertEquals("key *** refused", parser.errorMessage(
                "{\"error\": {\"message\": \"key sk-fixture-key-0123456789 refused\"}}".getBytes(StandardCharsets.UTF_8)));
    }

    private String dataProblem(String body) {
        ResponseParser.Parsed<CreatedBatch> parsed = parser.data(body.getBytes(StandardCharsets.UTF_8),
                "application/json", CreatedBatch.class);
        assertNull(parsed.value());
        return parsed.problem();
    }

    @Test
    void theLifecycleShapesAreReadScrubbedAndTolerant() {
        ResponseParser.Parsed<CreatedBatch> parsed = parser.data("""
                {"data": {"batch_id": "b", "status": "queued-ish", "total_requests": 2, "extra": {"x": [1]},
                 "created_at": "key sk-fixture-key-0123456789 echoed"}, "meta": 1}""".getBytes(StandardCharsets.UTF_8),
                "application/json", CreatedBatch.class);
        assertEquals(new CreatedBatch("b", "queued-ish", 2, "key *** echoed"), parsed.value());
        assertEquals(new CreatedBatch(null, null, null, null), parser.data("{\"data\": {}}".getBytes(StandardCharsets.UTF_8),
                "application/json", CreatedBatch.class).value());
    }

    @Test
    void lifecycleBodiesThatAreNotTheDocumentedJsonAreNamed() {
        assertEquals("the body is empty", dataProblem(""));
        assertEquals("the body is empty", dataProblem("   "));
        assertTrue(dataProblem("<html>down</html>").startsWith("an HTML page"));
        assertTrue(dataProblem("{\"data\": {").startsWith("invalid JSON"));
        assertEquals("expected a JSON object", dataProblem("[]"));
        assertEquals("it has no \"data\"", dataProblem("{\"data\": null}"));
        assertEquals("\"data\" is not an object", dataProblem("{\"data\": [1]}"));
        assertEquals("field data.total_requests has the wrong type", dataProblem("{\"data\": {\"total_requests\": \"two\"}}"));
    }
}
