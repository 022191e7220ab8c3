package io.github.anchorbatchmcp;

import tools.jackson.databind.json.JsonMapper;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Raw lines into the built jar: every bad line is answered (or skipped, if blank) and the valid
 * requests around it are still answered; only end of input or a signal ends the session.
 */
class StdinRobustnessIT {

    private static String ping(int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}";
    }

    private static void assertError(JsonNode message, String idJson, int code) {
        assertNotNull(message, "an answer for id " + idJson);
        assertEquals(idJson, message.path("id").toString(), message.toString());
        assertEquals(code, message.path("error").path("code").asInt(), message.toString());
    }

    /** Each bad line, the id its answer must carry (null: none can be read), and the code. */
    record Bad(String line, String idJson, int code) {
    }

    static final List<Bad> BAD_LINES = List.of(
            new Bad("hello", "null", -32700),
            new Bad("{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"ping\"", "null", -32700),
            new Bad("[]", "null", -32600),
            new Bad("[{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"ping\"}]", "null", -32600),
            new Bad("42", "null", -32600),
            new Bad("\"ping\"", "null", -32600),
            new Bad("null", "null", -32600),
            new Bad("{}", "null", -32600),
            new Bad("{\"jsonrpc\":\"2.0\",\"id\":43}", "43", -32600),
            new Bad("{\"jsonrpc\":\"1.0\",\"id\":44,\"method\":\"ping\"}", "44", -32600),
            new Bad("{\"id\":45,\"method\":\"ping\"}", "45", -32600),
            new Bad("{\"jsonrpc\":\"2.0\",\"id\":\"s46\",\"method\":7}", "\"s46\"", -32600),
            new Bad("{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"ping\"}", "null", -32600),
            new Bad("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}", "null", -32600),
            new Bad("{\"jsonrpc\":\"2.0\",\"id\":47,\"method\":\"tools/call\",\"params\":[1,2]}", "47", -32602),
            new Bad("{\"jsonrpc\":\"2.0\",\"id\":48,\"method\":\"tools/call\",\"params\":\"x\"}", "48", -32602),
            new Bad("{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"params\":3}", "null", -32602),
            new Bad("{\"jsonrpc\":\"2.0\",\"id\":49,\"method\":\"no/such/method\"}", "49", -32601));

    @Test
    void everyBadLineIsAnsweredAndTheSessionGoesOn() throws Exception {
        try (ServerProcess server = new ServerProcess(Map.of())) {
            server.initialize();
            int pingId = 1000;
            for (Bad bad : BAD_LINES) {
                server.send(bad.line());
                server.send("");
                server.send("   \t ");
                server.send(ping(++pingId));
                JsonNode pong = server.response(String.valueOf(pingId), 30);
                assertNotNull(pong, "ping after " + bad.line() + " is answered; stderr: " + server.stderr());
                assertTrue(pong.has("result"));
            }
            server.closeStdin();
            assertEquals(0, server.awaitExit(10));
            List<JsonNode> errors = new ArrayList<>();
            for (String line : server.allStdout()) {
                JsonNode message = JsonMapper.shared().readTree(line);
                assertEquals("2.0", message.path("jsonrpc").asString(), line);
                if (message.has("error")) {
                    errors.add(message);
                }
            }
            assertEquals(BAD_LINES.size(), errors.size(), "one answer per bad line, none for blank lines: " + errors);
            for (int i = 0; i < BAD_LINES.size(); i++) {
                assertError(errors.get(i), BAD_LINES.get(i).idJson(), BAD_LINES.get(i).code());
            }
        }
    }

    @Test
    void anOversizedLineIsAnsweredWithItsIdAndDropped() throws Exception {
        try (ServerProcess server = new ServerProcess(Map.of(), List.of("-Xmx64m"))) {
            server.initialize();
            StringBuilder big = new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":\"big\",\"method\":\"tools/call\","
                    + "\"params\":{\"name\":\"get_batch_session_status\",\"arguments\":{\"batch_id\":\"");
            byte[] start = big.toString().getBytes(StandardCharsets.UTF_8);
            server.sendBytes(start);
            byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 40; i++) { // 40 MB: more than the 64 MB heap could hold as a String
                server.sendBytes(chunk);
            }
            server.send("\"}}}");
            assertError(server.response("\"big\"", 60), "\"big\"", -32600);
            server.send(ping(1));
            assertNotNull(server.response("1", 30), "the session goes on: " + server.stderr());
        }
    }

    @Test
    void invalidUtf8DoesNotEndTheSession() throws Exception {
        try (ServerProcess server = new ServerProcess(Map.of())) {
            server.initialize();
            server.sendBytes(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, '\n'});
            server.sendBytes(("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\",\"params\":{\"_meta\":{\"note\":\"")
                    .getBytes(StandardCharsets.UTF_8));
            server.sendBytes(new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xed, (byte) 0xa0, (byte) 0x80});
            server.sendBytes("\"}}}\n".getBytes(StandardCharsets.UTF_8));
            server.send(ping(3));
            assertError(server.response("null", 30), "null", -32700);
            assertTrue(server.response("2", 30).has("result"), "a request with bad bytes inside a string is served");
            assertTrue(server.response("3", 30).has("result"));
        }
    }

    @Test
    void endOfInputEndsTheProcessWithCodeZeroPromptly() throws Exception {
        try (ServerProcess server = new ServerProcess(Map.of())) {
            server.initialize();
            long closed = System.nanoTime();
            server.closeStdin();
            assertEquals(0, server.awaitExit(10));
            long ms = (System.nanoTime() - closed) / 1_000_000;
            System.out.println("exit after end of input: " + ms + " ms");
        }
    }

    @Test
    void aSignalEndsTheProcessWithCodeZero() throws Exception {
        try (ServerProcess server = new ServerProcess(Map.of())) {
            server.initialize();
            server.terminate();
            assertEquals(0, server.awaitExit(10));
        }
    }

    @Test
    void aSeededFuzzOfAThousandLinesNeverEndsTheSession() throws Exception {
        long seed = Long.getLong("fuzz.seed", 20261128L);
        Random random = new Random(seed);
        try (ServerProcess server = new ServerProcess(Map.of())) {
            server.initialize();
            int pings = 0;
            for (int i = 0; i < 1200; i++) {
                server.sendBytes(fuzzLine(random, legacyLine(random)));
                if (i % 100 == 99) {
                    server.send(ping(100_000 + ++pings));
                }
            }
            server.send(ping(1));
            assertNotNull(server.response("1", 60), "seed " + seed + ": the session survived; stderr: "
                    + server.stderr().lines().filter(l -> l.contains("ERROR")).toList());
            for (int p = 1; p <= pings; p++) {
                assertNotNull(server.response(String.valueOf(100_000 + p), 10), "seed " + seed + ": ping " + p);
            }
            server.closeStdin();
            assertEquals(0, server.awaitExit(10));
            for (String line : server.allStdout()) {
                JsonNode message = JsonMapper.shared().readTree(line);
                assertEquals("2.0", message.path("jsonrpc").asString(), "seed " + seed + ": " + line);
                assertTrue(message.has("result") || message.has("error") || message.has("method"), line);
            }
        }
    }

    @Test
    void aSeededFuzzOfModernLinesIsAnsweredAsJsonRpcRequiresAndNeverEndsTheSession() throws Exception {
        long seed = Long.getLong("fuzz.seed", 20261128L);
        Random random = new Random(seed);
        try (ServerProcess server = new ServerProcess(Map.of())) {
            server.send(ModernLines.toolsList("\"pin\""));
            assertNotNull(server.response("\"pin\"", 30), "the connection is modern; stderr: " + server.stderr());
            Map<String, Integer> expected = new LinkedHashMap<>(); // id → the code its answer must have
            for (int i = 0; i < 1200; i++) {
                if (random.nextBoolean()) {
                    Probe probe = modernProbe(random, "\"m" + i + "\"");
                    server.send(probe.line());
                    if (probe.code() != Probe.NOTHING) {
                        expected.put("\"m" + i + "\"", probe.code());
                    }
                } else {
                    server.sendBytes(fuzzLine(random, modernProbe(random, String.valueOf(random.nextInt(1000))).line()));
                }
            }
            server.send(ModernLines.toolsList("\"last\""));
            assertNotNull(server.response("\"last\"", 60), "seed " + seed + ": the session survived; stderr: "
                    + server.stderr().lines().filter(l -> l.contains("ERROR")).toList());
            assertTrue(expected.size() > 300, "seed " + seed + ": enough requests to check: " + expected.size());
            for (Map.Entry<String, Integer> e : expected.entrySet()) {
                JsonNode answer = server.response(e.getKey(), 10);
                assertNotNull(answer, "seed " + seed + ": an answer for " + e.getKey());
                if (e.getValue() == Probe.RESULT) {
                    assertTrue(answer.has("result"), "seed " + seed + ": " + answer);
                } else if (e.getValue() == Probe.ANY_ERROR) {
                    assertTrue(answer.has("error"), "seed " + seed + ": " + answer);
                } else {
                    assertEquals((int) e.getValue(), answer.path("error").path("code").asInt(), "seed " + seed + ": " + answer);
                }
            }
            server.closeStdin();
            assertEquals(0, server.awaitExit(10));
            for (String line : server.allStdout()) {
                JsonNode message = JsonMapper.shared().readTree(line);
                assertEquals("2.0", message.path("jsonrpc").asString(), "seed " + seed + ": " + line);
                assertTrue(message.has("result") || message.has("error") || message.has("method"), line);
                assertFalse(message.has("method") && message.has("id"), "the server sends no request: " + line);
            }
        }
    }

    /** A 2026-07-28 line, and what must come back for it. */
    record Probe(String line, int code) {
        static final int RESULT = 0;
        static final int ANY_ERROR = 1;
        static final int NOTHING = 2;
    }

    private static final String PV = "\"" + ModernLines.PROTOCOL_VERSION + "\":";
    private static final String CC = "\"" + ModernLines.CLIENT_CAPABILITIES + "\":";

    /** Values of {@code _meta}, and what a pinned-modern connection answers a tools/list that carries each with. */
    private static final List<Map.Entry<String, Integer>> ENVELOPES = List.of(
            Map.entry("{" + ModernLines.ENVELOPE + "}", Probe.RESULT),
            Map.entry("{" + ModernLines.ENVELOPE + ",\"progressToken\":\"t\"}", Probe.RESULT),
            Map.entry("{" + ModernLines.ENVELOPE + ",\"progressToken\":7}", Probe.RESULT),
            Map.entry("{" + PV + "\"2099-01-01\"," + CC + "{}}", -32022),
            Map.entry("{" + PV + "\"2025-06-18\"," + CC + "{}}", -32022),
            Map.entry("{" + PV + "\" 2026-07-28\"," + CC + "{}}", -32022),
            Map.entry("{" + PV + "20260728," + CC + "{}}", -32602),
            Map.entry("{" + PV + "null," + CC + "{}}", -32602),
            Map.entry("{" + PV + "[\"2026-07-28\"]," + CC + "{}}", -32602),
            Map.entry("{" + PV + "{}," + CC + "{}}", -32602),
            Map.entry("{" + PV + "true," + CC + "{}}", -32602),
            Map.entry("{" + PV + "\"\"," + CC + "{}}", -32602),
            Map.entry("{" + PV + "\"2026-07-28\"}", -32602),
            Map.entry("{" + PV + "\"2026-07-28\"," + CC + "[]}", -32602),
            Map.entry("{" + PV + "\"2026-07-28\"," + CC + "\"none\"}", -32602),
            Map.entry("{" + PV + "\"2026-07-28\"," + CC + "null}", -32602),
            Map.entry("{" + ModernLines.ENVELOPE + ",\"" + ModernLines.CLIENT_INFO + "\":\"me\"}", -32602),
            Map.entry("{" + CC + "{}}", -32602),
            Map.entry("{}", -32602),
            Map.entry("\"x\"", -32602),
            Map.entry("5", -32602),
            Map.entry("[]", -32602),
            Map.entry("null", -32602));

    /** A request with one of the envelopes (or a notification), valid JSON-RPC: the era's rules decide the answer. */
    private static Probe modernProbe(Random random, String id) {
        Map.Entry<String, Integer> envelope = ENVELOPES.get(random.nextInt(ENVELOPES.size()));
        boolean valid = envelope.getValue() == Probe.RESULT;
        String meta = "\"_meta\":" + envelope.getKey();
        return switch (random.nextInt(8)) {
            case 0 -> new Probe(request(id, "server/discover", meta), envelope.getValue());
            case 1 -> new Probe(request(id, "tools/call", "\"name\":\"get_batch_session_status\",\"arguments\":"
                    + "{\"batch_id\":\"not-a-uuid-" + random.nextInt(9) + "\"}," + meta), envelope.getValue());
            case 2 -> new Probe(request(id, "ping", meta), valid ? -32601 : Probe.ANY_ERROR);
            case 3 -> new Probe(request(id, "no/such/method", meta), valid ? -32601 : Probe.ANY_ERROR);
            case 4 -> new Probe("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\""
                    + (random.nextBoolean() ? ",\"params\":null" : "") + "}", -32602);
            case 5 -> new Probe(ModernLines.cancel(random.nextInt(1000)), Probe.NOTHING);
            case 6 -> new Probe("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\",\"params\":{" + meta
                    + "}}", Probe.NOTHING);
            default -> new Probe(request(id, "tools/list", meta), envelope.getValue());
        };
    }

    private static String request(String id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":{" + params + "}}";
    }

    private static final String[] FRAGMENTS = {"{", "}", "[", "]", ",", ":", "\"", "\\", "\"jsonrpc\"", "\"2.0\"",
        "\"id\"", "\"method\"", "\"params\"", "\"result\"", "\"error\"", "null", "true", "-1", "1e999", "0.5",
        "\"tools/call\"", "\"ping\"", "\"initialize\"", "\"notifications/cancelled\"", "\"requestId\"", " ", "\t",
        "\"get_batch_session_status\"", "\"batch_id\"", "\"../../x\"", "\"arguments\"", "\"name\"", "\"_meta\"",
        "\"" + ModernLines.PROTOCOL_VERSION + "\"", "\"" + ModernLines.CLIENT_CAPABILITIES + "\"", "\"2026-07-28\"",
        "\"server/discover\"", "\"progressToken\""};

    /** A valid initialize-era message, to send as it is or broken. */
    private static String legacyLine(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> ping(random.nextInt(1000));
            case 1 -> ServerProcess.toolCall(random.nextInt(1000), "not-a-uuid-" + random.nextInt(9));
            case 2 -> "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":"
                    + random.nextInt(1000) + "}}";
            default -> "{\"jsonrpc\":\"2.0\",\"id\":" + random.nextInt(1000) + ",\"method\":\"tools/list\"}";
        };
    }

    /** A line from one of several families: random bytes, token soup, {@code valid} broken or as it is. */
    private static byte[] fuzzLine(Random random, String valid) {
        switch (random.nextInt(5)) {
            case 0: {
                byte[] bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
                return withNewline(bytes);
            }
            case 1: {
                StringBuilder soup = new StringBuilder();
                for (int n = random.nextInt(30); n > 0; n--) {
                    soup.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                }
                return withNewline(soup.toString().getBytes(StandardCharsets.UTF_8));
            }
            case 2: {
                byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
                for (int n = 1 + random.nextInt(3); n > 0; n--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                return withNewline(bytes);
            }
            case 3:
                return withNewline(valid.substring(0, random.nextInt(valid.length())).getBytes(StandardCharsets.UTF_8));
            default:
                return withNewline(valid.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] withNewline(byte[] bytes) {
        byte[] out = new byte[bytes.length + 1];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i] == '\n' ? (byte) ' ' : bytes[i];
        }
        out[bytes.length] = '\n';
        return out;
    }
}
