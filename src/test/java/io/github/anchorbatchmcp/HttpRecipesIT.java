package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.anchorbatchmcp.demo.DemoApi;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The recipes for a shared HTTP deployment: each client recipe's headers get an answer from
 * {@code --http} (and nothing without them), and {@code examples/http/run-two.sh} runs green where
 * nginx is installed (skipped where it is not, or where its ports are taken).
 */
class HttpRecipesIT {

    static final String TOKEN = "team-token-canary-41c9";

    @Test
    void vsCodeRecipeReachesTheServer() throws Exception {
        JsonNode recipe = JsonMapper.shared().readTree(Files.readString(Path.of("examples", "vscode-http.mcp.json")));
        assertEquals(1, recipe.path("servers").size());
        JsonNode server = recipe.path("servers").values().iterator().next();
        assertEquals("http", server.path("type").asString());
        assertTrue(server.path("url").asString().endsWith("/mcp"), server::toString);
        JsonNode input = recipe.path("inputs").path(0);
        assertTrue(input.path("password").asBoolean(), "the token is asked for as a password");
        Map<String, String> headers = new LinkedHashMap<>();
        server.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
        assertEquals("Bearer ${input:" + input.path("id").asString() + "}", headers.get("Authorization"));
        headers.put("Authorization", "Bearer " + TOKEN); // what VS Code sends once the token is typed in
        assertInitializeNeeds(headers);
    }

    @Test
    void claudeCodeRecipeReachesTheServer() throws Exception {
        String line = Files.readAllLines(Path.of("examples", "claude-code-http.sh")).stream()
                .filter(l -> l.startsWith("claude mcp add")).findFirst().orElseThrow();
        Matcher m = Pattern.compile("claude mcp add --transport http --scope user (\\S+) (https://\\S+/mcp)((?: --header \"[^\"]+\")+)$")
                .matcher(line);
        assertTrue(m.matches(), "options, name, URL, then the headers (--header takes several values): " + line);
        Map<String, String> headers = new LinkedHashMap<>();
        Matcher h = Pattern.compile("--header \"([^:]+): ([^\"]+)\"").matcher(m.group(3));
        while (h.find()) {
            headers.put(h.group(1), h.group(2));
        }
        assertEquals("Bearer your-team-token", headers.get("Authorization"), line);
        headers.put("Authorization", "Bearer " + TOKEN);
        assertInitializeNeeds(headers);
    }

    /** With the recipe's headers initialize is answered; without them, 401. */
    private static void assertInitializeNeeds(Map<String, String> headers) throws Exception {
        Map<String, String> env = new HashMap<>();
        try (DemoApi api = FastDemo.start()) {
            env.putAll(FastDemo.env(api));
            env.put("ANCHOR_MCP_HTTP_TOKEN", TOKEN);
            try (HttpServerIT.Http server = HttpServerIT.Http.start(env)) {
                List<String> pairs = new ArrayList<>();
                headers.forEach((k, v) -> {
                    pairs.add(k);
                    pairs.add(v);
                });
                JsonNode result = HttpServerIT.result(HttpServerIT.post(server.url(), HttpServerIT.INITIALIZE,
                        pairs.toArray(String[]::new)));
                assertEquals("2025-06-18", result.path("protocolVersion").asString());
                assertEquals(401, HttpServerIT.post(server.url(), HttpServerIT.INITIALIZE).statusCode());
            }
        }
    }

    @Test
    void proxyExampleRunsGreenWhereNginxIs() throws Exception {
        assumeTrue(onPath("nginx") && onPath("curl"), "nginx or curl is not installed");
        String conf = Files.readString(Path.of("examples", "http", "nginx.conf"));
        Matcher ports = Pattern.compile("(?m)^\\s*(?:listen|server) 127\\.0\\.0\\.1:(\\d+)").matcher(conf);
        while (ports.find()) {
            assumeTrue(free(Integer.parseInt(ports.group(1))), "port " + ports.group(1) + " is taken");
        }
        Path out = Files.createTempFile("run-two", ".out");
        try {
            Process p = new ProcessBuilder("sh", "examples/http/run-two.sh").redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            p.getOutputStream().close();
            boolean ended = p.waitFor(120, TimeUnit.SECONDS);
            if (!ended) {
                p.destroy();
                p.waitFor(15, TimeUnit.SECONDS);
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertTrue(ended, output);
            assertEquals(0, p.exitValue(), output);
            assertTrue(output.contains("  A: http POST /mcp legacy initialize") || output.contains("  A: http POST /mcp legacy tools/call"), output);
            assertTrue(output.contains("  B: http POST /mcp legacy tools/call") || output.contains("  B: http POST /mcp legacy initialize"), output);
            assertTrue(output.contains("  A: http POST /mcp modern") && output.contains("  B: http POST /mcp modern"), output);
            assertTrue(output.contains("all requests answered as expected"), output);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false; // run-two.sh looks for it on PATH too
    }

    private static boolean free(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
