package io.github.anchorbatchmcp;

import tools.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The built jar as a child process, driven over raw stdio: every stdout line is kept in order,
 * stderr is captured whole. The same way an assistant starts the server.
 */
final class ServerProcess implements AutoCloseable {

    /**
     * The tools the server lists, in its order: the three that read, the browse tool (which only looks
     * on a read-only server), then the four that create, end, retry or start something.
     */
    static final List<String> TOOLS = List.of("get_batch_session_status", "wait_for_batch_sessions",
            "list_batch_sessions", "browse_batch_sessions", "create_batch_sessions", "cancel_batch_sessions",
            "retry_failed_batch_sessions", "run_task_in_batch_sessions");

    /** What a server with ANCHOR_READ_ONLY=true lists: the first four. */
    static final List<String> READ_ONLY_TOOLS = TOOLS.subList(0, 4);

    static Path jar() {
        Path jar = Path.of(System.getProperty("server.jar", "target/anchor-batch-mcp.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw -B verify (the jar is built before this test)");
        }
        return jar;
    }

    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final List<String> allStdout = new ArrayList<>();
    private final Map<String, tools.jackson.databind.JsonNode> byId = new java.util.HashMap<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    ServerProcess(Map<String, String> env, String... args) throws IOException {
        this(env, List.of(), args);
    }

    ServerProcess(Map<String, String> env, List<String> jvmOptions, String... args) throws IOException {
        this(withJvmOptions(command(args), jvmOptions), env);
    }

    private static List<String> withJvmOptions(List<String> command, List<String> jvmOptions) {
        List<String> out = new ArrayList<>(command);
        out.addAll(1, jvmOptions);
        return out;
    }

    /** Any command that starts the server, such as the launcher script. */
    ServerProcess(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("ANCHOR"));
        builder.environment().putAll(env);
        process = builder.start();
        stdin = process.getOutputStream();
        stdoutReader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (allStdout) {
                        allStdout.add(line);
                    }
                    stdout.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        stderrReader = new Thread(() -> {
            try {
                process.getErrorStream().transferTo(stderr);
            } catch (IOException e) {
                // the process ended
            }
        });
        stdoutReader.start();
        stderrReader.start();
    }

    /** Starts the session as a client does: initialize, then notifications/initialized. */
    void initialize() throws IOException, InterruptedException {
        send("{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
        if (response("\"init\"", 30) == null) {
            throw new IllegalStateException("no answer to initialize; stderr: " + stderr());
        }
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    static String toolCall(Object id, String batchId) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"get_batch_session_status\",\"arguments\":{\"batch_id\":\"" + batchId + "\"}}}";
    }

    /**
     * The message whose id is {@code idJson} (as JSON: {@code 7} or {@code "seven"}), or null if none
     * arrives in time. Other lines read meanwhile are kept for later calls.
     */
    tools.jackson.databind.JsonNode response(String idJson, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            tools.jackson.databind.JsonNode found = byId.get(idJson);
            if (found != null) {
                return found;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            String line = stdout.poll(left, TimeUnit.NANOSECONDS);
            if (line != null) {
                tools.jackson.databind.JsonNode message = JsonMapper.shared().readTree(line);
                byId.put(message.path("id").toString(), message);
            }
        }
    }

    void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    void sendBytes(byte[] bytes) throws IOException {
        stdin.write(bytes);
        stdin.flush();
    }

    /** The next stdout line, or null if none comes within the time given. */
    String nextLine(long seconds) throws InterruptedException {
        return stdout.poll(seconds, TimeUnit.SECONDS);
    }

    void closeStdin() throws IOException {
        stdin.close();
    }

    /** Waits for the process to exit; returns its code, or -1 if it did not exit in time. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            return -1;
        }
        stdoutReader.join(2000);
        stderrReader.join(2000);
        return process.exitValue();
    }

    List<String> allStdout() {
        synchronized (allStdout) {
            return List.copyOf(allStdout);
        }
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Sends SIGTERM, as a client does when stdin closing is not enough. */
    void terminate() {
        process.destroy();
    }

    /** Peak resident memory so far, in MB, from /proc (Linux); -1 where unknown. */
    long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
