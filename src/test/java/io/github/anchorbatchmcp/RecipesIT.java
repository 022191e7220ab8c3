package io.github.anchorbatchmcp;

import io.github.anchorbatchmcp.tools.BatchStatusTool;
import tools.jackson.databind.json.JsonMapper;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Every registration recipe in examples/ starts this server as written (with its placeholder path
 * pointed at the built jar) and the server answers initialize.
 */
class RecipesIT {

    /** Where the recipes say the launcher is; the test runs this checkout's instead. */
    static final String PLACEHOLDER = "/absolute/path/to/anchor-batch-mcp/bin/anchor-batch-mcp";
    /** A cache folder that cannot be made: the launcher then starts without archives (LauncherIT tests those). */
    static final String NO_CACHE = "/dev/null/anchor-batch-mcp-tests";

    @ParameterizedTest
    @CsvSource({
        "claude_desktop_config.json, mcpServers, false",
        "claude_desktop_config.demo.json, mcpServers, true",
        "cursor.mcp.json, mcpServers, false",
        "vscode.mcp.json, servers, false"})
    void jsonRecipeStartsTheServer(String file, String serversKey, boolean demo) throws Exception {
        JsonNode recipe = JsonMapper.shared().readTree(Files.readString(Path.of("examples", file)));
        JsonNode servers = recipe.path(serversKey);
        assertEquals(1, servers.size(), file);
        JsonNode server = servers.values().iterator().next();
        List<String> command = new ArrayList<>();
        command.add(server.path("command").asString());
        server.path("args").forEach(a -> command.add(a.asString()));
        assertEquals(PLACEHOLDER, command.get(0), file + ": the launcher, by absolute path");
        assertEquals(demo, command.contains("--demo"), file);
        Map<String, String> env = new HashMap<>();
        server.path("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asString()));
        if (!demo) {
            assertTrue(env.containsKey("ANCHOR_API_KEY"), file + " sets the key");
        }
        if (serversKey.equals("servers")) { // VS Code: the key is asked for as a password, never written in the file
            assertEquals("stdio", server.path("type").asString());
            assertEquals("${input:anchor-api-key}", env.get("ANCHOR_API_KEY"));
            JsonNode input = recipe.path("inputs").path(0);
            assertEquals("anchor-api-key", input.path("id").asString());
            assertTrue(input.path("password").asBoolean());
            env.put("ANCHOR_API_KEY", "typed-in-at-the-prompt");
        }
        assertAnswersInitialize(command.subList(1, command.size()), env);
    }

    @Test
    void claudeCodeRecipeStartsTheServer() throws Exception {
        String line = Files.readAllLines(Path.of("examples", "claude-code.sh")).stream()
                .filter(l -> l.startsWith("claude mcp add")).findFirst().orElseThrow();
        String[] sides = line.split(" -- ", 2);
        List<String> options = Arrays.asList(sides[0].split(" "));
        assertTrue(options.containsAll(List.of("--transport", "stdio", "--scope", "user")), line);
        assertTrue(options.contains("ANCHOR_API_KEY=your-anchor-api-key"), line);
        // Claude Code's --env takes several values: a name after it would be read as one more.
        assertTrue(options.indexOf("anchor-batch") >= 0 && options.indexOf("anchor-batch") < options.indexOf("--env"),
                "the name comes before --env: " + line);
        List<String> command = Arrays.asList(sides[1].strip().split(" "));
        assertEquals(PLACEHOLDER, command.get(0));
        assertAnswersInitialize(command.subList(1, command.size()),
                new HashMap<>(Map.of("ANCHOR_API_KEY", "your-anchor-api-key")));
    }

    /** Runs the recipe's command with this checkout's launcher in place of the placeholder. */
    private static void assertAnswersInitialize(List<String> args, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of(LauncherIT.LAUNCHER.toAbsolutePath().toString()));
        command.addAll(args);
        env.put("XDG_CACHE_HOME", NO_CACHE);
        try (ServerProcess server = new ServerProcess(command, env)) {
            server.initialize();
            server.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
            JsonNode tools = server.response("1", 30);
            assertNotNull(tools, server.stderr());
            assertEquals(BatchStatusTool.NAME, tools.path("result").path("tools").path(0).path("name").asString());
        }
    }
}
