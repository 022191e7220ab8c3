package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every command in README.md and docs/*.md is one that a test runs as written, or checks against the
 * files it uses. A JSON block is a registration recipe of examples/ (RecipesIT and HttpRecipesIT start
 * the server from those files); a {@code claude mcp add} line is the one in examples/ (the same tests run
 * it); every other shell line must be listed in {@link #COVERED} with the test that covers it, so that a
 * new command in the docs fails here until someone says how it is tested.
 */
class DocsCommandsTest {

    /** The README's first two commands: DemoIT runs the first (the example agent on the built jar), CI the second. */
    static final List<String> FIRST_COMMANDS = List.of(
            "./mvnw -B -q package -DskipTests && java -cp target/anchor-batch-mcp.jar examples/DemoAgent.java",
            "./mvnw -B verify");

    /** A documented command, the test file that covers it, and a string that file holds where it does. */
    record Coverage(String test, String marker) {
    }

    static final Map<String, Coverage> COVERED = new LinkedHashMap<>();

    static {
        COVERED.put(FIRST_COMMANDS.get(0), new Coverage("DemoIT.java", "examples/DemoAgent.java"));
        COVERED.put(FIRST_COMMANDS.get(1), new Coverage("../../../../../../.ci/run", "./mvnw -B verify"));
        COVERED.put("ANCHOR_API_KEY=your-anchor-api-key bin/anchor-batch-mcp",
                new Coverage("RecipesIT.java", "ANCHOR_API_KEY\", \"your-anchor-api-key"));
        COVERED.put("bin/anchor-batch-mcp --demo", new Coverage("LauncherIT.java", "\"--demo\""));
        COVERED.put("export ANCHOR_MCP_HTTP_TOKEN=a-long-random-secret",
                new Coverage("HttpRecipesIT.java", "ANCHOR_MCP_HTTP_TOKEN"));
        COVERED.put("ANCHOR_API_KEY=your-anchor-api-key bin/anchor-batch-mcp --http 0.0.0.0:8931",
                new Coverage("HttpConfigTest.java", "0.0.0.0:8931"));
        COVERED.put("export ANCHOR_MCP_OAUTH_ISSUER=https://idp.example.com/realms/team",
                new Coverage("OAuthTokensIT.java", "\"0.0.0.0:0\", Map.of(OAuthJar.ISSUER"));
        COVERED.put("export ANCHOR_MCP_PUBLIC_URL=https://mcp.example.com/mcp",
                new Coverage("HttpConfigTest.java", "ANCHOR_MCP_PUBLIC_URL"));
        COVERED.put("./mvnw -B package -DskipTests && examples/http/run-two.sh",
                new Coverage("HttpRecipesIT.java", "examples/http/run-two.sh"));
        COVERED.put("./mvnw -B package -DskipTests", new Coverage("DemoIT.java", "ServerProcess.jar()"));
        COVERED.put("docker build -f examples/kubernetes/Dockerfile -t registry.example.com/anchor-batch-mcp:0.1.0 .",
                new Coverage("KubernetesExampleTest.java", "Dockerfile"));
        COVERED.put("read -rs ANCHOR_API_KEY && kubectl create secret generic anchor-batch-mcp"
                + " --from-literal=anchor-api-key=\"$ANCHOR_API_KEY\"", new Coverage("DocsCommandsTest.java",
                "theKubernetesCommandsNameWhatTheDeploymentTakes"));
        COVERED.put("kubectl apply -f examples/kubernetes/", new Coverage("KubernetesExampleTest.java", "yamlFiles()"));
        COVERED.put("UPDATE_TOOL_SCHEMAS=true ./mvnw -B test -Dtest=ToolSchemaSnapshotTest",
                new Coverage("tools/ToolSchemaSnapshotTest.java", "UPDATE_TOOL_SCHEMAS"));
    }

    private static final Path TESTS = Path.of("src", "test", "java", "io", "github", "anchorbatchmcp");
    private static final Pattern COMMENT = Pattern.compile("\\s+#\\s.*$");

    /** The commands of every sh block, each with where it is. */
    private static Map<String, String> shellCommands() {
        Map<String, String> commands = new LinkedHashMap<>();
        for (Markdown doc : Markdown.all()) {
            for (Markdown.Block b : doc.blocks()) {
                if (!b.language().equals("sh")) {
                    continue;
                }
                int n = b.line();
                for (String line : b.text().split("\n")) {
                    String command = COMMENT.matcher(line).replaceFirst("").strip();
                    if (!command.isEmpty()) {
                        commands.putIfAbsent(command, doc.file() + ":" + n);
                    }
                    n++;
                }
            }
        }
        return commands;
    }

    @Test
    void theReadmeStartsWithTheDemoAndTheTests() {
        Markdown.Block first = Markdown.read(Path.of("README.md")).blocks().get(0);
        assertEquals("sh", first.language());
        assertEquals(String.join("\n", FIRST_COMMANDS) + "\n", first.text(), "the README's first two commands");
    }

    @Test
    void everyBlockIsOfAKindThisTestKnows() {
        for (Markdown doc : Markdown.all()) {
            for (Markdown.Block b : doc.blocks()) {
                assertTrue(List.of("sh", "json", "text").contains(b.language()), doc.file() + ":" + b.line()
                        + ": a block of kind \"" + b.language() + "\": say here how its commands are tested");
            }
        }
    }

    @Test
    void everyShellCommandIsOneATestCovers() throws IOException {
        List<String> claude = new ArrayList<>();
        for (String recipe : List.of("claude-code.sh", "claude-code-http.sh")) {
            Files.readAllLines(Path.of("examples", recipe)).stream().filter(l -> l.startsWith("claude mcp add"))
                    .forEach(claude::add);
        }
        List<String> uncovered = new ArrayList<>();
        for (Map.Entry<String, String> c : shellCommands().entrySet()) {
            String command = c.getKey();
            if (command.startsWith("claude mcp add")) {
                if (!claude.contains(command)) {
                    uncovered.add(c.getValue() + ": not the line of examples/claude-code*.sh: " + command);
                }
            } else if (!COVERED.containsKey(command)) {
                uncovered.add(c.getValue() + ": no test covers " + command);
            }
        }
        assertEquals(List.of(), uncovered, "add the command to COVERED with its test, or test it");
    }

    @Test
    void everyCoveringTestHoldsWhatItCovers() throws IOException {
        for (Map.Entry<String, Coverage> c : COVERED.entrySet()) {
            Path test = TESTS.resolve(c.getValue().test()).normalize();
            assertTrue(Files.readString(test).contains(c.getValue().marker()),
                    test + " no longer holds " + c.getValue().marker() + ", which covers: " + c.getKey());
        }
        assertTrue(shellCommands().keySet().containsAll(COVERED.keySet()),
                "COVERED lists a command the docs no longer have");
    }

    @Test
    void everyJsonBlockIsARecipeOfTheExamples() throws IOException {
        List<JsonNode> recipes = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                recipes.add(JsonMapper.shared().readTree(Files.readString(f)));
            }
        }
        for (Markdown doc : Markdown.all()) {
            for (Markdown.Block b : doc.blocks()) {
                if (b.language().equals("json")) {
                    JsonNode block = JsonMapper.shared().readTree(b.text());
                    assertTrue(recipes.contains(block), doc.file() + ":" + b.line()
                            + ": a JSON block that is not one of examples/*.json, which RecipesIT and HttpRecipesIT run");
                }
            }
        }
    }

    @Test
    void theKubernetesCommandsNameWhatTheDeploymentTakes() throws IOException {
        String secret = shellCommands().keySet().stream().filter(c -> c.contains("kubectl create secret"))
                .findFirst().orElseThrow();
        Matcher m = Pattern.compile("kubectl create secret generic (\\S+) --from-literal=([^=]+)=").matcher(secret);
        assertTrue(m.find(), secret);
        String image = shellCommands().keySet().stream().filter(c -> c.startsWith("docker build")).findFirst()
                .orElseThrow().replaceAll(".* -t (\\S+) .*", "$1");
        JsonNode deployment = null;
        try (MappingIterator<JsonNode> docs = YAMLMapper.builder().build().readerFor(JsonNode.class)
                .readValues(Path.of("examples", "kubernetes", "deployment.yaml").toFile())) {
            for (JsonNode d : docs.readAll()) {
                if (d.path("kind").asString("").equals("Deployment")) {
                    deployment = d;
                }
            }
        }
        assertNotNull(deployment, "no Deployment in deployment.yaml");
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").path(0);
        assertEquals(image, container.path("image").asString(), "the image the README builds is the one deployed");
        JsonNode ref = null;
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asString("").equals(Config.API_KEY)) {
                ref = env.path("valueFrom").path("secretKeyRef");
            }
        }
        assertNotNull(ref, Config.API_KEY + " is not taken from a Secret");
        assertEquals(m.group(1), ref.path("name").asString(), "the Secret the README creates is the one deployed");
        assertEquals(m.group(2), ref.path("key").asString(), "the key the README stores is the one deployed");
    }

    @Test
    void promptsAndResourcesAreTypedWithTheRegisteredName() throws IOException {
        String line = Files.readAllLines(Path.of("examples", "claude-code.sh")).stream()
                .filter(l -> l.startsWith("claude mcp add")).findFirst().orElseThrow();
        String name = line.replaceAll(".* --scope user (\\S+) .*", "$1");
        Pattern typed = Pattern.compile(
                "(?<![\\w/.])/mcp__([\\w-]+?)__(\\w+)|(?<![\\w/.])/mcp\\.([\\w-]+)\\.(\\w+)|@([\\w-]+):anchor-batch://");
        int seen = 0;
        for (Markdown doc : Markdown.all()) {
            for (String l : doc.lines()) {
                Matcher m = typed.matcher(l);
                while (m.find()) {
                    String server = m.group(1) != null ? m.group(1) : m.group(3) != null ? m.group(3) : m.group(5);
                    assertEquals(name, server, doc.file() + ": " + m.group() + " is not the name the recipes register");
                    String prompt = m.group(2) != null ? m.group(2) : m.group(4);
                    assertTrue(prompt == null || List.of("get_browsers", "check_batch").contains(prompt),
                            doc.file() + ": " + m.group() + " is no prompt of this server");
                    seen++;
                }
            }
        }
        assertTrue(seen > 0, "no prompt or resource is shown as typed");
    }
}
