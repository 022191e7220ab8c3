package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/anchor-batch-mcp, the default way to start the server: it answers like {@code java -jar},
 * makes its class-data archive in the background once, uses it afterwards, survives a bad archive,
 * and never lets the JVM write to stdout.
 */
class LauncherIT {

    static final Path LAUNCHER = Path.of("bin", "anchor-batch-mcp");
    static final Path JDK25 = Path.of(System.getProperty("jdk25.home", "/usr/lib/jvm/temurin-25-jdk-amd64"));

    @TempDir
    Path cache;

    private Map<String, String> env(Path javaHome) {
        Map<String, String> env = new HashMap<>();
        env.put("XDG_CACHE_HOME", cache.toString());
        env.put("JAVA_HOME", javaHome.toString());
        return env;
    }

    /** One demo session; every stdout line must be a JSON-RPC message. */
    private static void session(Map<String, String> env) throws Exception {
        try (ServerProcess server = new ServerProcess(List.of(LAUNCHER.toAbsolutePath().toString(), "--demo"), env)) {
            server.initialize();
            server.send(ServerProcess.toolCall(1, "22222222-2222-4222-8222-222222222222"));
            assertNotNull(server.response("1", 30), server.stderr());
            server.closeStdin();
            assertEquals(0, server.awaitExit(30), server.stderr());
            for (String line : server.allStdout()) {
                assertTrue(line.startsWith("{\"jsonrpc\":\"2.0\""), "stdout carries only JSON-RPC: " + line);
            }
        }
    }

    private Path awaitArchive(String suffix) throws Exception {
        Path dir = cache.resolve("anchor-batch-mcp");
        for (int i = 0; i < 600; i++) {
            try (Stream<Path> files = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
                List<Path> archives = files.filter(f -> f.toString().endsWith(suffix)).toList();
                if (!archives.isEmpty() && !Files.exists(dir.resolve(archives.get(0).getFileName() + ".lock"))) {
                    return archives.get(0);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + suffix + " archive was made in " + dir);
    }

    @Test
    void makesItsArchiveOnceAndServesBeforeAndAfter() throws Exception {
        Map<String, String> env = env(Path.of(System.getProperty("java.home")));
        session(env);
        Path archive = awaitArchive(".jsa");
        assertTrue(Files.size(archive) > 1_000_000, "the archive holds the classes of a real session");
        session(env);
    }

    @Test
    void aBadArchiveCostsSpeedNotCorrectness() throws Exception {
        Map<String, String> env = env(Path.of(System.getProperty("java.home")));
        session(env);
        Path archive = awaitArchive(".jsa");
        archive.toFile().setWritable(true);
        Files.writeString(archive, "not an archive");
        session(env);
    }

    @Test
    void onJdk25MakesAnAotCache() throws Exception {
        assumeTrue(Files.isExecutable(JDK25.resolve("bin/java")), "no JDK 25 at " + JDK25);
        Map<String, String> env = env(JDK25);
        session(env);
        awaitArchive(".aot");
        session(env);
    }

    @Test
    void versionPassesThrough() throws Exception {
        Map<String, String> env = env(Path.of(System.getProperty("java.home")));
        env.put("XDG_CACHE_HOME", RecipesIT.NO_CACHE); // no background training left running after the test
        try (ServerProcess server = new ServerProcess(List.of(LAUNCHER.toAbsolutePath().toString(), "--version"), env)) {
            assertEquals(0, server.awaitExit(30));
            assertEquals(List.of("anchor-batch-mcp " + Version.VALUE), server.allStdout());
        }
    }
}
