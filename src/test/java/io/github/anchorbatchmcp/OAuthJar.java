package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built jar with {@code --http} and OAuth, started as HttpServerIT starts it (a child process, stdin
 * closed, the URL read from its {@code listening on} line), and the raw requests the OAuth ITs make.
 *
 * @param url the URL it said it listens on
 * @param base where the test reaches it: http://127.0.0.1:PORT, whatever address it is bound to
 */
record OAuthJar(ServerProcess process, String url, String base) implements AutoCloseable {

    static final String ISSUER = "ANCHOR_MCP_OAUTH_ISSUER";
    static final String PUBLIC_URL = "ANCHOR_MCP_PUBLIC_URL";
    static final String MODERN_META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
    static final String INITIALIZE = HttpServerIT.INITIALIZE;
    static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";

    private static final Pattern LISTENING = Pattern.compile("listening on (http://(\\S+):(\\d+)/mcp)");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static OAuthJar start(String address, Map<String, String> env, String... extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--http", address));
        args.addAll(List.of(extraArgs));
        ServerProcess process = new ServerProcess(env, args.toArray(String[]::new));
        process.closeStdin();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(process.stderr());
            if (m.find()) {
                return new OAuthJar(process, m.group(1), "http://127.0.0.1:" + m.group(3));
            }
            Thread.sleep(50);
        }
        process.close();
        throw new IllegalStateException("no listening line; stderr: " + process.stderr());
    }

    /** Where the test reaches /mcp. */
    String mcp() {
        return base + "/mcp";
    }

    @Override
    public void close() {
        process.close();
    }

    /** A POST to /mcp as an initialize-era client sends it; {@code headers} are name, value pairs added. */
    HttpResponse<String> post(String body, String... headers) throws Exception {
        return postTo(mcp(), body, headers);
    }

    static HttpResponse<String> postTo(String url, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST with a bearer token, in the initialize era. */
    HttpResponse<String> postWith(String token, String body) throws Exception {
        return post(body, "Authorization", "Bearer " + token);
    }

    /** A 2026-07-28 tools/call of {@code tool} with these arguments (JSON), with a bearer token. */
    HttpResponse<String> modernCall(String token, String tool, String arguments) throws Exception {
        return post(modernCallBody(tool, arguments), "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
                "Mcp-Name", tool, "Authorization", "Bearer " + token);
    }

    /** An initialize-era tools/call (stateless: no initialize needed before it), with a bearer token. */
    HttpResponse<String> legacyCall(String token, String tool, String arguments) throws Exception {
        return post(legacyCallBody(tool, arguments), "MCP-Protocol-Version", "2025-06-18", "Authorization",
                "Bearer " + token);
    }

    static String legacyCallBody(String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    static String modernCallBody(String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "," + MODERN_META + "}}";
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> getUrl(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What a client reads of a JSON-RPC response (from JSON or the last SSE data line): its result, which must be there. */
    static JsonNode result(HttpResponse<String> response) {
        JsonNode result = HttpServerIT.result(response);
        assertFalse(result.isMissingNode(), response::body);
        return result;
    }

    /** A {@code WWW-Authenticate: Bearer k="v", ...} header's parameters, in order. */
    static Map<String, String> challenge(HttpResponse<String> response) {
        String h = response.headers().firstValue("WWW-Authenticate").orElse(null);
        assertTrue(h != null && h.startsWith("Bearer "), "a Bearer challenge: " + h);
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = Pattern.compile("([a-z_]+)=\"([^\"]*)\"").matcher(h.substring(7));
        while (m.find()) {
            params.put(m.group(1), m.group(2));
        }
        return params;
    }

    /** The access line comes after the response: waits for one holding every one of {@code texts}; returns it. */
    String awaitLogLine(String... texts) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (String line : process.stderr().lines().toList()) {
                if (java.util.Arrays.stream(texts).allMatch(line::contains)) {
                    return line;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no log line with " + java.util.Arrays.toString(texts) + " in " + process.stderr());
    }

    /** Asserts no token, nor its signature or claims part, is anywhere in the server's stderr. */
    void assertLogHoldsNone(List<String> tokens) {
        String log = process.stderr();
        for (String t : tokens) {
            assertTrue(!log.contains(t), "a token in the log: " + t);
            for (String part : t.split("\\.")) {
                assertTrue(part.length() < 16 || !log.contains(part), "part of a token in the log: " + part);
            }
        }
    }
}
