import io.github.anchorbatchmcp.demo.DemoApi;
import io.github.anchorbatchmcp.demo.DemoBatches;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Side-by-side benchmark of anchor-batch-mcp and a TypeScript-SDK peer (benchmarks/peer), both
 * against the same in-process simulated API on loopback. Cold measures alternate the servers round
 * by round, so that machine noise hits them alike. Run it with benchmarks/run.sh.
 */
public class Bench {

    static final int ROUNDS = Integer.getInteger("rounds", 15);
    static final int CALLS = Integer.getInteger("calls", 1000);
    static final int IN_FLIGHT = 16;
    static final int LARGE_CALLS = 30;

    record Server(String name, List<String> command, Map<String, String> env) {
        Server(String name, List<String> command) {
            this(name, command, Map.of());
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        List<Server> servers = new ArrayList<>(List.of(
                new Server("this (bin/anchor-batch-mcp)", List.of("bin/anchor-batch-mcp")),
                new Server("this (java -jar)", List.of(javaBin(), "-jar", "target/anchor-batch-mcp.jar"))));
        String jdk25 = System.getenv().getOrDefault("JDK25_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64");
        if (Files.isExecutable(Path.of(jdk25, "bin", "java"))) { // newer JDKs start faster: show it where one is
            servers.add(new Server("this (launcher, JDK 25)", List.of("bin/anchor-batch-mcp"), Map.of("JAVA_HOME", jdk25)));
        }
        servers.add(new Server("TS SDK peer", List.of("node", "benchmarks/peer/server.mjs")));
        try (DemoApi api = DemoApi.start()) {
            Map<String, String> env = Map.of("ANCHOR_API_KEY", DemoApi.KEY, "ANCHOR_BASE_URL", api.baseUrl().toString());
            Map<String, Map<String, List<Double>>> cold = new HashMap<>();
            for (Server s : servers) { // one untimed session each: the launcher's archive, the OS caches
                try (Session session = new Session(s, env)) {
                    session.request("initialize", INIT);
                }
            }
            Thread.sleep(8000); // the launcher's background training finishes
            for (int round = 0; round < ROUNDS; round++) {
                for (int k = 0; k < servers.size(); k++) {
                    Server s = servers.get((round + k) % servers.size());
                    Map<String, List<Double>> m = cold.computeIfAbsent(s.name(), x -> new HashMap<>());
                    try (Session session = new Session(s, env)) {
                        m.computeIfAbsent("init", x -> new ArrayList<>()).add(session.request("initialize", INIT)[0]);
                        session.notify("notifications/initialized");
                        session.request("tools/list", "{}");
                        session.request("tools/call", call(DemoBatches.COMPLETED));
                        m.computeIfAbsent("first", x -> new ArrayList<>()).add(session.sinceSpawnMs());
                        m.computeIfAbsent("rss", x -> new ArrayList<>()).add((double) session.peakRssMb());
                    }
                    try (Session session = new Session(s, env)) { // as an agent calls: after a pause to think
                        session.request("initialize", INIT);
                        session.notify("notifications/initialized");
                        session.request("tools/list", "{}");
                        Thread.sleep(1000);
                        m.computeIfAbsent("paused", x -> new ArrayList<>())
                                .add(session.request("tools/call", call(DemoBatches.COMPLETED))[0]);
                    }
                }
            }
            Map<String, Map<String, String>> warm = new HashMap<>();
            for (Server s : servers) {
                warm.put(s.name(), warm(s, env));
            }
            print(servers, cold, warm);
        }
    }

    static final String INIT = "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}";

    static String call(String batchId) {
        return "{\"name\":\"get_batch_session_status\",\"arguments\":{\"batch_id\":\"" + batchId + "\"}}";
    }

    static Map<String, String> warm(Server s, Map<String, String> env) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Session session = new Session(s, env)) {
            session.request("initialize", INIT);
            session.notify("notifications/initialized");
            for (int i = 0; i < 300; i++) {
                session.request("tools/call", call(DemoBatches.COMPLETED)); // warm-up
            }
            double[] sequential = new double[CALLS];
            for (int i = 0; i < CALLS; i++) {
                sequential[i] = session.request("tools/call", call(DemoBatches.COMPLETED))[0];
            }
            out.put("seq", percentiles(sequential));
            double[] concurrent = session.concurrent(call(DemoBatches.COMPLETED), CALLS, IN_FLIGHT);
            out.put("conc", percentiles(concurrent));
            for (String[] batch : new String[][] {{"1000", DemoBatches.LARGE}, {"5000", DemoBatches.HUGE}}) {
                double[] ms = new double[LARGE_CALLS];
                double bytes = 0;
                for (int i = 0; i < LARGE_CALLS; i++) {
                    double[] r = session.request("tools/call", call(batch[1]));
                    ms[i] = r[0];
                    bytes = r[1];
                }
                Arrays.sort(ms);
                out.put(batch[0], String.format(Locale.ROOT, "%.1f ms, %s", ms[ms.length / 2], size(bytes)));
            }
        }
        return out;
    }

    static String size(double bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", bytes / (1 << 20))
                : String.format(Locale.ROOT, "%.1f KB", bytes / 1024);
    }

    static String percentiles(double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "p50 %.2f / p99 %.2f ms", sorted[sorted.length / 2],
                sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    static String spread(List<Double> values, String unit) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return String.format(Locale.ROOT, "%.0f %s (%.0f–%.0f)", median(values), unit, sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    static void print(List<Server> servers, Map<String, Map<String, List<Double>>> cold,
            Map<String, Map<String, String>> warm) {
        String peer = servers.get(servers.size() - 1).name();
        String ours = servers.get(0).name();
        StringBuilder t = new StringBuilder("| measure |");
        servers.forEach(s -> t.append(' ').append(s.name()).append(" |"));
        t.append(" ratio this/peer |\n|---|");
        servers.forEach(s -> t.append("---|"));
        t.append("---|\n");
        for (String[] row : new String[][] {{"init", "cold start: spawn → initialize answer", "ms"},
                {"first", "time to first answer: spawn → first tools/call result", "ms"},
                {"paused", "first tools/call round trip, made 1 s after tools/list (as an agent would)", "ms"},
                {"rss", "peak RSS, short session (initialize, list, one call, end)", "MB"}}) {
            t.append("| ").append(row[1]).append(" |");
            for (Server s : servers) {
                t.append(' ').append(spread(cold.get(s.name()).get(row[0]), row[2])).append(" |");
            }
            t.append(String.format(Locale.ROOT, " %.2f |%n",
                    median(cold.get(ours).get(row[0])) / median(cold.get(peer).get(row[0]))));
        }
        for (String[] row : new String[][] {{"seq", "tools/call round trip, " + CALLS + " sequential"},
                {"conc", "tools/call round trip, " + CALLS + " calls, " + IN_FLIGHT + " in flight"},
                {"1000", "one call on a 1,000-session batch (median of " + LARGE_CALLS + "): time, result size"},
                {"5000", "one call on a 5,000-session batch (median of " + LARGE_CALLS + "): time, result size"}}) {
            t.append("| ").append(row[1]).append(" |");
            for (Server s : servers) {
                t.append(' ').append(warm.get(s.name()).get(row[0])).append(" |");
            }
            t.append(" |\n");
        }
        System.out.println();
        System.out.println("Cold measures: median (min–max) of " + ROUNDS + " alternating rounds. Default java "
                + System.getProperty("java.version") + "; ratio: the first column over the peer.");
        System.out.print(t);
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** One server process and its stdout, read by a thread that stamps each answer's arrival. */
    static final class Session implements AutoCloseable {
        final Process process;
        final OutputStream in;
        final long spawned = System.nanoTime();
        final Map<Long, long[]> answers = new ConcurrentHashMap<>(); // id → {arrival nanos, line length}
        long nextId = 1;

        Session(Server server, Map<String, String> env) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(server.command()).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(env);
            builder.environment().putAll(server.env());
            process = builder.start();
            in = process.getOutputStream();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8), 1 << 20)) {
                    for (String line; (line = r.readLine()) != null; ) {
                        long at = System.nanoTime();
                        int i = line.lastIndexOf("\"id\":");
                        int j = line.indexOf("\"id\":");
                        long id = parseId(line, line.startsWith("{\"jsonrpc\":\"2.0\",\"id\":") ? j : i);
                        if (id > 0) {
                            answers.put(id, new long[] {at, line.length()});
                            synchronized (this) {
                                notifyAll();
                            }
                        }
                    }
                } catch (IOException e) {
                    // ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        static long parseId(String line, int at) {
            if (at < 0) {
                return -1;
            }
            int start = at + 5;
            int end = start;
            while (end < line.length() && Character.isDigit(line.charAt(end))) {
                end++;
            }
            return end > start ? Long.parseLong(line.substring(start, end)) : -1;
        }

        synchronized void send(String json) throws IOException {
            in.write((json + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        void notify(String method) throws IOException {
            send("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"}");
        }

        long start(String method, String params) throws IOException {
            long id = nextId++;
            send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
            return id;
        }

        long[] await(long id) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            synchronized (this) {
                while (!answers.containsKey(id)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no answer for request " + id);
                    }
                    wait(100);
                }
            }
            return answers.remove(id);
        }

        /** {elapsed ms, answer length} */
        double[] request(String method, String params) throws Exception {
            long sent = System.nanoTime();
            long[] answer = await(start(method, params));
            return new double[] {(answer[0] - sent) / 1e6, answer[1]};
        }

        double[] concurrent(String params, int total, int window) throws Exception {
            double[] ms = new double[total];
            Map<Long, Long> sentAt = new HashMap<>();
            List<Long> outstanding = new ArrayList<>();
            int done = 0;
            int sent = 0;
            while (done < total) {
                while (sent < total && outstanding.size() < window) {
                    long at = System.nanoTime();
                    long id = start("tools/call", params);
                    sentAt.put(id, at);
                    outstanding.add(id);
                    sent++;
                }
                long id = outstanding.remove(0);
                long[] answer = await(id);
                ms[done++] = (answer[0] - sentAt.remove(id)) / 1e6;
            }
            return ms;
        }

        double sinceSpawnMs() {
            return (System.nanoTime() - spawned) / 1e6;
        }

        long peakRssMb() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                    }
                }
            } catch (IOException e) {
                // gone
            }
            return -1;
        }

        @Override
        public void close() throws Exception {
            in.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
