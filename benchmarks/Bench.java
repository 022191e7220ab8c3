import io.github.anchorbatchmcp.demo.DemoApi;
import io.github.anchorbatchmcp.demo.DemoBatches;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Side-by-side benchmark of anchor-batch-mcp and two TypeScript-SDK peers (benchmarks/peer, SDK v1,
 * initialize era only; benchmarks/peer-v2, SDK v2's dual-era serveStdio), all against the same
 * in-process simulated API on loopback, in both protocol eras: the initialize era (2025-06-18) and
 * the stateless 2026-07-28 era. Cold measures alternate the servers round by round, so that machine
 * noise hits them alike. Run it with benchmarks/run.sh.
 */
public class Bench {

    static final int ROUNDS = Integer.getInteger("rounds", 15);
    static final int CALLS = Integer.getInteger("calls", 1000);
    static final int IN_FLIGHT = 16;
    static final int LARGE_CALLS = 30;
    /** -Dera=modern or -Dera=legacy measures one era only (quicker before/after comparisons). */
    static final String ERA = System.getProperty("era", "both");
    static final boolean LEGACY = !ERA.equals("modern");
    static final boolean MODERN = !ERA.equals("legacy");
    static final String AUTO_CLIENT = "benchmarks/clients/auto-first-call.mjs";
    static final JsonMapper JSON = JsonMapper.shared();
    /**
     * The launcher's archive is named after the JDK only, so other checkouts on this machine that
     * train theirs would replace the one trained on this jar (and the JVM then drops it silently):
     * the benchmark gives the launcher a cache of its own.
     */
    static final Path CACHE_HOME = Path.of("target", "bench-cache").toAbsolutePath();

    /**
     * @param ours one of this project's ways to start
     * @param modern speaks 2026-07-28 (the v1 peer does not)
     */
    record Server(String name, List<String> command, Map<String, String> env, boolean ours, boolean modern) {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        List<Server> servers = servers();
        String loadBefore = loadAverage();
        try (DemoApi api = DemoApi.start()) {
            Map<String, String> env = Map.of("ANCHOR_API_KEY", DemoApi.KEY, "ANCHOR_BASE_URL", api.baseUrl().toString(),
                    "XDG_CACHE_HOME", CACHE_HOME.toString());
            warmUp(servers, env);
            Results cold = new Results();
            for (int round = 0; round < ROUNDS; round++) {
                for (ColdRun run : COLD_RUNS) {
                    if (run.modernOnly() ? MODERN : LEGACY) {
                        runAlternating(run, servers, round, env, cold);
                    }
                }
                System.err.printf(Locale.ROOT, "round %d of %d done%n", round + 1, ROUNDS);
            }
            Map<String, Map<String, String>> warm = new HashMap<>();
            for (Server s : LEGACY ? servers : List.<Server>of()) {
                warm.put(s.name(), warm(s, env));
            }
            print(servers, cold, warm, loadBefore);
        }
    }

    // ---------------------------------------------------------------- the servers

    static List<Server> servers() throws IOException {
        String home = System.getProperty("java.home");
        String feature = Integer.toString(Runtime.version().feature());
        List<Server> servers = new ArrayList<>(List.of(
                // JAVA_HOME pins the launcher to the JDK running this program, whatever java is on PATH.
                new Server("this (launcher, JDK " + feature + ")", List.of("bin/anchor-batch-mcp"),
                        Map.of("JAVA_HOME", home), true, true),
                new Server("this (java -jar, JDK " + feature + ")", List.of(javaBin(), "-jar",
                        "target/anchor-batch-mcp.jar"), Map.of(), true, true)));
        String jdk25 = System.getenv().getOrDefault("JDK25_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64");
        if (Files.isExecutable(Path.of(jdk25, "bin", "java"))) { // newer JDKs start faster: show it where one is
            servers.add(new Server("this (launcher, JDK 25)", List.of("bin/anchor-batch-mcp"),
                    Map.of("JAVA_HOME", jdk25), true, true));
        }
        servers.add(new Server("TS SDK v1 peer (" + npmVersion("peer", "@modelcontextprotocol/sdk") + ")",
                List.of("node", "benchmarks/peer/server.mjs"), Map.of(), false, false));
        servers.add(new Server("TS SDK v2 peer (" + npmVersion("peer-v2", "@modelcontextprotocol/server") + ")",
                List.of("node", "benchmarks/peer-v2/server.mjs"), Map.of(), false, true));
        return servers;
    }

    /** The version npm installed, so that the table names what was measured. */
    static String npmVersion(String folder, String pkg) throws IOException {
        Path manifest = Path.of("benchmarks", folder, "node_modules", pkg, "package.json");
        return JSON.readTree(Files.readString(manifest)).path("version").asString();
    }

    static Server v1Peer(List<Server> servers) {
        return servers.stream().filter(s -> !s.ours() && !s.modern()).findFirst().orElseThrow();
    }

    static Server v2Peer(List<Server> servers) {
        return servers.stream().filter(s -> !s.ours() && s.modern()).findFirst().orElseThrow();
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * One untimed session each in both eras, and one automatic-mode client: the OS caches fill, and
     * the launcher starts training its archive (it does so on its first start after a build).
     */
    static void warmUp(List<Server> servers, Map<String, String> env) throws Exception {
        for (Server s : servers) {
            try (Session session = new Session(s, env)) {
                session.request("initialize", INIT);
            }
            if (s.modern()) {
                try (Session session = new Session(s, env)) {
                    session.modernRequest("server/discover", "{}");
                }
                runAutoClient(s, env);
            }
        }
        waitForLauncherTraining();
    }

    /** The launcher trains in the background while a lock folder exists in its cache. */
    static void waitForLauncherTraining() throws InterruptedException {
        Path cache = launcherCache();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Thread.sleep(1000);
        while (System.nanoTime() < deadline && locks(cache).length > 0) {
            Thread.sleep(500);
        }
    }

    static File[] locks(Path cache) {
        File[] locks = cache.toFile().listFiles((dir, name) -> name.endsWith(".lock"));
        return locks == null ? new File[0] : locks;
    }

    static Path launcherCache() {
        return CACHE_HOME.resolve("anchor-batch-mcp");
    }

    // ---------------------------------------------------------------- cold measures

    /** One kind of cold measurement. Each round runs every kind on every server it applies to. */
    record ColdRun(boolean modernOnly, Measurement body) {
    }

    interface Measurement {
        void run(Server s, Map<String, String> env, Results results) throws Exception;
    }

    static final List<ColdRun> COLD_RUNS = List.of(
            new ColdRun(false, Bench::legacyFirstCall),
            new ColdRun(false, Bench::legacyPausedCall),
            new ColdRun(true, Bench::modernDiscover),
            new ColdRun(true, Bench::modernPinned),
            new ColdRun(true, Bench::probeAlone),
            new ColdRun(true, Bench::autoClient));

    /** The servers a run applies to take turns, starting one further each round. */
    static void runAlternating(ColdRun run, List<Server> servers, int round, Map<String, String> env, Results results)
            throws Exception {
        List<Server> eligible = servers.stream().filter(s -> s.modern() || !run.modernOnly()).toList();
        for (int k = 0; k < eligible.size(); k++) {
            run.body().run(eligible.get((round + k) % eligible.size()), env, results);
        }
    }

    /** A legacy client: initialize, tools/list, the first call; and the process's peak memory. */
    static void legacyFirstCall(Server s, Map<String, String> env, Results results) throws Exception {
        try (Session session = new Session(s, env)) {
            results.add(s, "init", session.request("initialize", INIT).sinceSpawnMs());
            session.notify("notifications/initialized");
            session.request("tools/list", "{}");
            results.add(s, "first", session.request("tools/call", call(DemoBatches.COMPLETED)).sinceSpawnMs());
            results.add(s, "cpu", session.cpuMs());
            results.add(s, "rss", session.peakRssMb());
        }
    }

    /** As an agent calls: after a pause to think, when a background warm-up has had time to finish. */
    static void legacyPausedCall(Server s, Map<String, String> env, Results results) throws Exception {
        try (Session session = new Session(s, env)) {
            session.request("initialize", INIT);
            session.notify("notifications/initialized");
            session.request("tools/list", "{}");
            Thread.sleep(1000);
            results.add(s, "paused", session.request("tools/call", call(DemoBatches.COMPLETED)).ms());
        }
    }

    /** A modern client that discovers first; the short session's peak memory. */
    static void modernDiscover(Server s, Map<String, String> env, Results results) throws Exception {
        try (Session session = new Session(s, env)) {
            results.add(s, "discover", session.modernRequest("server/discover", "{}").sinceSpawnMs());
            session.modernRequest("tools/list", "{}");
            session.modernRequest("tools/call", call(DemoBatches.COMPLETED));
            results.add(s, "mrss", session.peakRssMb());
        }
    }

    /** A client pinned to 2026-07-28 needs no discovery: it lists and calls straight away. */
    static void modernPinned(Server s, Map<String, String> env, Results results) throws Exception {
        try (Session session = new Session(s, env)) {
            session.modernRequest("tools/list", "{}");
            results.add(s, "pinned", session.modernRequest("tools/call", call(DemoBatches.COMPLETED)).sinceSpawnMs());
            results.add(s, "mcpu", session.cpuMs());
        }
    }

    /**
     * What an automatic-mode client's probe costs the server: spawn, answer server/discover, exit
     * once stdin closes. (The TS SDK ends its probe process with stdin closed and SIGTERM at once.)
     */
    static void probeAlone(Server s, Map<String, String> env, Results results) throws Exception {
        try (Session session = new Session(s, env)) {
            session.modernRequest("server/discover", "{}");
            double[] exit = session.endAndWait();
            results.add(s, "probe", exit[0]);
            results.add(s, "probeExit", exit[1]);
        }
    }

    /** The real TS SDK v2 client in automatic mode (benchmarks/clients/auto-first-call.mjs). */
    static void autoClient(Server s, Map<String, String> env, Results results) throws Exception {
        JsonNode out = runAutoClient(s, env);
        results.add(s, "auto", out.path("ms").asDouble());
        results.add(s, "autoProbe", out.path("sessionMs").asDouble());
        results.era(s, out.path("era").asString() + " " + out.path("version").asString());
    }

    static JsonNode runAutoClient(Server s, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", AUTO_CLIENT, DemoBatches.COMPLETED));
        command.addAll(s.command());
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        builder.environment().putAll(s.env());
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("the automatic-mode client failed on " + s.name() + ": " + stdout);
        }
        return JSON.readTree(stdout);
    }

    static final String INIT = "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}";

    /** What a 2026-07-28 request carries in params._meta instead of an initialize handshake. */
    static final String ENVELOPE = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{},"
            + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}";

    static String call(String batchId) {
        return "{\"name\":\"get_batch_session_status\",\"arguments\":{\"batch_id\":\"" + batchId + "\"}}";
    }

    /** Every cold value by server and measure, and the eras the automatic-mode client ended on. */
    static final class Results {
        final Map<String, Map<String, List<Double>>> values = new HashMap<>();
        final Map<String, Map<String, Integer>> eras = new HashMap<>();

        void add(Server s, String key, double value) {
            values.computeIfAbsent(s.name(), x -> new HashMap<>()).computeIfAbsent(key, x -> new ArrayList<>()).add(value);
        }

        List<Double> get(Server s, String key) {
            return values.getOrDefault(s.name(), Map.of()).getOrDefault(key, List.of());
        }

        void era(Server s, String era) {
            eras.computeIfAbsent(s.name(), x -> new TreeMap<>()).merge(era, 1, Integer::sum);
        }
    }

    // ---------------------------------------------------------------- warm measures (initialize era)

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
                sequential[i] = session.request("tools/call", call(DemoBatches.COMPLETED)).ms();
            }
            out.put("seq", percentiles(sequential));
            double[] concurrent = session.concurrent(call(DemoBatches.COMPLETED), CALLS, IN_FLIGHT);
            out.put("conc", percentiles(concurrent));
            for (String[] batch : new String[][] {{"1000", DemoBatches.LARGE}, {"5000", DemoBatches.HUGE}}) {
                double[] ms = new double[LARGE_CALLS];
                double bytes = 0;
                for (int i = 0; i < LARGE_CALLS; i++) {
                    Reply r = session.request("tools/call", call(batch[1]));
                    ms[i] = r.ms();
                    bytes = r.length();
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

    // ---------------------------------------------------------------- the report

    record Row(String key, String label, String unit) {
    }

    static final List<Row> LEGACY_ROWS = List.of(
            new Row("init", "cold start: spawn → initialize answer", "ms"),
            new Row("first", "legacy client: spawn → first tools/call result (initialize, tools/list, tools/call)", "ms"),
            new Row("cpu", "… CPU time (user + system) the server process had used by then", "ms"),
            new Row("paused", "first tools/call round trip, made 1 s after tools/list (as an agent would)", "ms"),
            new Row("rss", "peak RSS, short session (initialize, list, one call, end)", "MB"));

    static final List<Row> MODERN_ROWS = List.of(
            new Row("discover", "cold start: spawn → server/discover answer", "ms"),
            new Row("probe", "probe alone: spawn → server/discover answer → exit once stdin closes", "ms"),
            new Row("probeExit", "… of which stdin closed → process gone", "ms"),
            new Row("pinned", "pinned client: spawn → first tools/call result (tools/list, tools/call; no initialize)", "ms"),
            new Row("mcpu", "… CPU time (user + system) the server process had used by then", "ms"),
            new Row("auto", "automatic-mode TS SDK v2 client: connect() → first tools/call result", "ms"),
            new Row("autoProbe", "… of which connect() → session process spawned (probe process start to end)", "ms"),
            new Row("mrss", "peak RSS, short session (discover, list, one call, end)", "MB"));

    record Target(String key, String label, double limit) {
    }

    static final List<Target> TARGETS = List.of(
            new Target("auto", "automatic-mode client, connect() → first tools/call result", 0.8),
            new Target("pinned", "client pinned to 2026-07-28, spawn → first tools/call result", 1.0),
            new Target("first", "legacy client, spawn → first tools/call result", 1.0));

    static void print(List<Server> servers, Results cold, Map<String, Map<String, String>> warm, String loadBefore)
            throws Exception {
        Server first = servers.get(0);
        Server v1 = v1Peer(servers);
        Server v2 = v2Peer(servers);
        StringBuilder out = new StringBuilder("\n");
        out.append(header(loadBefore));
        if (LEGACY) {
            out.append("\n### Initialize era (2025-06-18)\n\n");
            out.append(tableHead(servers, List.of(v2, v1)));
            LEGACY_ROWS.forEach(row -> out.append(coldRow(row, servers, cold, first, List.of(v2, v1))));
            out.append(warmRows(servers, warm, 2));
        }
        List<Server> modernColumns = servers.stream().filter(Server::modern).toList();
        if (MODERN) {
            out.append("\n### 2026-07-28 era (stateless, no initialize)\n\n");
            out.append(tableHead(modernColumns, List.of(v2)));
            MODERN_ROWS.forEach(row -> out.append(coldRow(row, modernColumns, cold, first, List.of(v2))));
        }
        out.append("\nCold measures: median (min–max) of ").append(ROUNDS).append(" alternating rounds; ratio: the first")
                .append(" column's median over the peer's.").append(LEGACY ? " Warm measures: one session each, after 300"
                        + " calls." : "").append('\n');
        out.append(targets(servers, cold, v2));
        out.append(MODERN ? eras(modernColumns, cold) : "");
        System.out.print(out);
    }

    static String header(String loadBefore) throws Exception {
        String command = System.getProperty("bench.command");
        String java = javaCommandLine();
        return "Command: `" + (command != null ? command : java) + "`"
                + (command != null ? " (ran `" + java + "`)" : "") + "\n\n"
                + "Run at " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores; load average "
                + loadBefore + " before, " + loadAverage() + " after. Default java " + System.getProperty("java.version")
                + ", node " + nodeVersion() + "; auto client @modelcontextprotocol/client "
                + npmVersion("clients", "@modelcontextprotocol/client") + ". Launcher archives: "
                + launcherArchives() + ".\n";
    }

    /** How this JVM was started, without the property run.sh adds to name itself. */
    static String javaCommandLine() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        return Stream.concat(info.command().stream(), info.arguments().stream().flatMap(Arrays::stream))
                .filter(arg -> !arg.startsWith("-Dbench.command="))
                .collect(Collectors.joining(" "));
    }

    static String tableHead(List<Server> columns, List<Server> peers) {
        StringBuilder t = new StringBuilder("| measure |");
        columns.forEach(s -> t.append(' ').append(s.name()).append(" |"));
        peers.forEach(p -> t.append(" ratio: first column / ").append(shortName(p)).append(" |"));
        t.append("\n|---|");
        columns.forEach(s -> t.append("---|"));
        peers.forEach(p -> t.append("---|"));
        return t.append('\n').toString();
    }

    static String shortName(Server peer) {
        return peer.modern() ? "v2 peer" : "v1 peer";
    }

    static String coldRow(Row row, List<Server> columns, Results cold, Server ours, List<Server> peers) {
        StringBuilder t = new StringBuilder("| ").append(row.label()).append(" |");
        for (Server s : columns) {
            t.append(' ').append(spread(cold.get(s, row.key()), row.unit())).append(" |");
        }
        for (Server peer : peers) {
            t.append(' ').append(ratioText(cold.get(ours, row.key()), cold.get(peer, row.key()))).append(" |");
        }
        return t.append('\n').toString();
    }

    static String warmRows(List<Server> columns, Map<String, Map<String, String>> warm, int ratioColumns) {
        StringBuilder t = new StringBuilder();
        for (String[] row : new String[][] {{"seq", "warm tools/call round trip, " + CALLS + " sequential"},
                {"conc", "warm tools/call round trip, " + CALLS + " calls, " + IN_FLIGHT + " in flight"},
                {"1000", "one call on a 1,000-session batch (median of " + LARGE_CALLS + "): time, result size"},
                {"5000", "one call on a 5,000-session batch (median of " + LARGE_CALLS + "): time, result size"}}) {
            t.append("| ").append(row[1]).append(" |");
            columns.forEach(s -> t.append(' ').append(warm.get(s.name()).get(row[0])).append(" |"));
            t.append(" |".repeat(ratioColumns)).append('\n');
        }
        return t.toString();
    }

    /** The project's targets, as ratios of each of this server's ways to start over the v2 peer. */
    static String targets(List<Server> servers, Results cold, Server v2) {
        StringBuilder t = new StringBuilder("\nTargets (median over the v2 peer's median):\n\n");
        for (Target target : TARGETS) {
            if (cold.get(v2, target.key()).isEmpty()) {
                continue; // that era was not measured
            }
            t.append(String.format(Locale.ROOT, "- %s ≤ %.1f×:", target.label(), target.limit()));
            for (Server s : servers.stream().filter(Server::ours).toList()) {
                double ratio = ratio(cold.get(s, target.key()), cold.get(v2, target.key()));
                t.append(String.format(Locale.ROOT, " %s %.2f (%s);", s.name(), ratio,
                        ratio <= target.limit() ? "met" : "missed"));
            }
            t.setLength(t.length() - 1);
            t.append('\n');
        }
        return t.toString();
    }

    /** Which era the automatic-mode client ended on, so that a silent fallback to initialize shows. */
    static String eras(List<Server> servers, Results cold) {
        StringBuilder t = new StringBuilder("\nThe automatic-mode client ended on:");
        for (Server s : servers) {
            t.append(' ').append(s.name()).append(": ").append(cold.eras.getOrDefault(s.name(), Map.of())
                    .entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", ")))
                    .append(';');
        }
        t.setLength(t.length() - 1);
        return t.append(".\n").toString();
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    static double ratio(List<Double> ours, List<Double> peer) {
        return ours.isEmpty() || peer.isEmpty() ? Double.NaN : median(ours) / median(peer);
    }

    static String ratioText(List<Double> ours, List<Double> peer) {
        double r = ratio(ours, peer);
        return Double.isNaN(r) ? "" : String.format(Locale.ROOT, "%.2f", r);
    }

    static String spread(List<Double> values, String unit) {
        if (values.isEmpty()) {
            return "–";
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return String.format(Locale.ROOT, "%.0f %s (%.0f–%.0f)", median(values), unit, sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The launcher's class-data archives, and whether each is at least as new as the jar (so in use). */
    static String launcherArchives() throws IOException {
        File[] files = launcherCache().toFile().listFiles((dir, name) -> name.endsWith(".jsa") || name.endsWith(".aot"));
        if (files == null || files.length == 0) {
            return "none";
        }
        long jar = Files.getLastModifiedTime(Path.of("target/anchor-batch-mcp.jar")).toMillis();
        return Stream.of(files).sorted().map(f -> f.getName() + (f.lastModified() >= jar ? "" : " (older than the jar)"))
                .collect(Collectors.joining(", "));
    }

    static String nodeVersion() throws Exception {
        Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out;
    }

    // ---------------------------------------------------------------- one server process

    /** An answer: round trip, arrival since spawn, line length. */
    record Reply(double ms, double sinceSpawnMs, int length) {
    }

    /** An answer as the reading thread saw it arrive. */
    record Answer(long at, int length, boolean result, boolean modern) {
    }

    /** One server process and its stdout, read by a thread that stamps each answer's arrival. */
    static final class Session implements AutoCloseable {
        final Process process;
        final OutputStream in;
        final long spawned = System.nanoTime();
        final Map<Long, Answer> answers = new ConcurrentHashMap<>();
        /** USER_HZ, which Linux fixes at 100 on the usual architectures. */
        static final int CLOCK_TICKS = 100;
        long nextId = 1;

        Session(Server server, Map<String, String> env) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(server.command()).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(env);
            builder.environment().putAll(server.env());
            process = builder.start();
            in = process.getOutputStream();
            Thread reader = new Thread(this::read);
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8), 1 << 20)) {
                for (String line; (line = r.readLine()) != null; ) {
                    long at = System.nanoTime();
                    int i = line.lastIndexOf("\"id\":");
                    int j = line.indexOf("\"id\":");
                    long id = parseId(line, line.startsWith("{\"jsonrpc\":\"2.0\",\"id\":") ? j : i);
                    if (id > 0) {
                        answers.put(id, new Answer(at, line.length(), isResult(line),
                                line.contains("\"resultType\":\"complete\"")));
                        synchronized (this) {
                            notifyAll();
                        }
                    }
                }
            } catch (IOException e) {
                // ended
            }
        }

        /**
         * A result, not a JSON-RPC error nor a tool error. Text content is an escaped string, so an
         * unescaped {@code "result":} is the message's own member.
         */
        static boolean isResult(String line) {
            return line.contains("\"result\":{") && !line.contains("\"isError\":true");
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

        Answer await(long id) throws InterruptedException {
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

        /** A request that must succeed: a fast error would otherwise pass for a fast answer. */
        Reply request(String method, String params) throws Exception {
            long sent = System.nanoTime();
            Answer answer = await(start(method, params));
            if (!answer.result()) {
                throw new IllegalStateException(method + " failed on " + String.join(" ", process.info().command()
                        .orElse("the server")));
            }
            return new Reply((answer.at() - sent) / 1e6, (answer.at() - spawned) / 1e6, answer.length());
        }

        /** A 2026-07-28 request: the envelope in params._meta, and the answer must be a modern one. */
        Reply modernRequest(String method, String params) throws Exception {
            long sent = System.nanoTime();
            String withEnvelope = params.equals("{}") ? "{" + ENVELOPE + "}"
                    : params.substring(0, params.length() - 1) + "," + ENVELOPE + "}";
            Answer answer = await(start(method, withEnvelope));
            if (!answer.result() || !answer.modern()) {
                throw new IllegalStateException(method + " got no 2026-07-28 result");
            }
            return new Reply((answer.at() - sent) / 1e6, (answer.at() - spawned) / 1e6, answer.length());
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
                ms[done++] = (await(id).at() - sentAt.remove(id)) / 1e6;
            }
            return ms;
        }

        double peakRssMb() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                    }
                }
            } catch (IOException e) {
                // gone
            }
            return -1;
        }

        /**
         * CPU time the process has used so far (10 ms resolution). Less sensitive than elapsed time
         * to what else runs on the machine, so it shows what a start costs when the machine is busy.
         */
        double cpuMs() throws IOException {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // fields from the 3rd on
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * 1000.0 / CLOCK_TICKS;
        }

        /** Closes stdin and waits for the process to end: {since spawn, since stdin closed} in ms. */
        double[] endAndWait() throws Exception {
            long closed = System.nanoTime();
            close();
            long gone = System.nanoTime();
            return new double[] {(gone - spawned) / 1e6, (gone - closed) / 1e6};
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
