package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * One server process per protocol era for a whole test class, started on first use and driven over
 * raw lines: an initialize-era one opened with initialize, a 2026-07-28 one whose first message is
 * {@code server/discover} (as a probing client's is). Ids are unique across the class.
 */
final class EraServers implements AutoCloseable {

    static final String PROGRESS = "notifications/progress";

    private final Map<String, String> env;
    private final Map<Era, ServerProcess> servers = new EnumMap<>(Era.class);
    private final AtomicInteger ids = new AtomicInteger();

    EraServers(Map<String, String> env) {
        this.env = env;
    }

    synchronized ServerProcess get(Era era) throws IOException, InterruptedException {
        ServerProcess server = servers.get(era);
        if (server == null) {
            server = new ServerProcess(env);
            servers.put(era, server);
            if (era == Era.MODERN) {
                String id = nextId();
                server.send(ModernLines.discover(id));
                assertNotNull(server.response(id, 30), "no answer to server/discover; stderr: " + server.stderr());
            } else {
                era.open(server);
            }
        }
        return server;
    }

    /** A fresh request id, as JSON. */
    String nextId() {
        return "\"r" + ids.incrementAndGet() + "\"";
    }

    /** Calls {@code tool} and returns its {@code result}, asserting one arrives. */
    JsonNode call(Era era, String tool, String arguments) throws Exception {
        String id = nextId();
        ServerProcess server = get(era);
        server.send(era.toolCall(id, tool, arguments));
        return ModernLines.assertResult(server.response(id, 60));
    }

    /** A call's result, and the progress notifications sent for its token, each before the result. */
    record Streamed(JsonNode result, List<JsonNode> progress) {
    }

    Streamed callWithProgress(Era era, String tool, String arguments) throws Exception {
        String id = nextId();
        String token = "\"progress-" + id.replace("\"", "") + "\"";
        ServerProcess server = get(era);
        server.send(era.toolCallWithProgress(id, tool, arguments, token));
        JsonNode result = ModernLines.assertResult(server.response(id, 90));
        // A request answered after the result: any progress sent late for the call would come before it.
        String after = nextId();
        server.send(era.toolsList(after));
        ModernLines.assertResult(server.response(after, 30));
        List<String> lines = server.allStdout();
        List<JsonNode> progress = new ArrayList<>();
        boolean answered = false;
        for (JsonNode m : ModernLines.parsed(lines)) {
            if (m.has("id") && id.equals(m.path("id").toString())) {
                answered = true;
            } else if (PROGRESS.equals(m.path("method").asString(null))
                    && token.equals(m.path("params").path("progressToken").toString())) {
                assertTrue(!answered, "progress after the result: " + m);
                progress.add(m.path("params"));
            }
        }
        return new Streamed(result, progress);
    }

    /** Every server's stdout and stderr so far, for scans. */
    List<String> everything() {
        List<String> out = new ArrayList<>();
        for (ServerProcess s : servers.values()) {
            out.addAll(s.allStdout());
            out.add(s.stderr());
        }
        return out;
    }

    @Override
    public void close() {
        servers.values().forEach(ServerProcess::close);
    }
}
