import io.github.anchorbatchmcp.demo.DemoApi;
import io.github.anchorbatchmcp.demo.DemoBatches;
import io.github.anchorbatchmcp.picture.ContactSheet;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Driving a batch: one browse_batch_sessions call over ten ready sessions, against the simulated API
 * with every screenshot delayed (600 ms by default, as a real browser's screenshot takes hundreds of
 * ms), beside the same ten sessions browsed one call at a time, as a server that takes one session per
 * call would have to. The server runs as the recipes start it (bin/anchor-batch-mcp) over stdio, driven
 * by the MCP Java SDK's client; its peak RSS is read from /proc. Then the contact sheet alone: ten of
 * the simulator's 1440x900 screenshots composed in this process, warm. Then a new process's first
 * browse beside its second.
 *
 * Run with benchmarks/run-drive.sh [-Drounds=N] [-Ddelay=MS] [-Dprocesses=N].
 */
public class DriveBench {

    static final int SESSIONS = 10;

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int rounds = Integer.getInteger("rounds", 10);
        Duration delay = Duration.ofMillis(Integer.getInteger("delay", 600));
        String command = System.getProperty("bench.command", "benchmarks/run-drive.sh");
        System.out.println("# Drive benchmark\n");
        System.out.println("`" + command + "` on " + Runtime.getRuntime().availableProcessors() + " cores, JDK "
                + System.getProperty("java.version") + ", load average at start "
                + load() + "\n");
        try (DemoApi api = DemoApi.start(System::nanoTime, delay)) {
            endToEnd(api, rounds, delay);
            sheetAlone(api);
        }
        firstBrowse(Integer.getInteger("processes", 10));
        System.out.println("\nLoad average at the end: " + load());
    }

    private static String load() throws java.io.IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    /** A server started as the recipes start it, against {@code api}, through the SDK's client, initialized. */
    private static McpSyncClient server(DemoApi api) {
        var transport = new StdioClientTransport(ServerParameters.builder(Path.of("bin/anchor-batch-mcp").toString())
                .env(Map.of("ANCHOR_API_KEY", DemoApi.KEY, "ANCHOR_BASE_URL", api.baseUrl().toString(),
                        "ANCHOR_LOG_LEVEL", "warn"))
                .build(), McpJsonDefaults.getMapper());
        transport.setStdErrorHandler(line -> { });
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(120)).build();
        client.initialize();
        return client;
    }

    private static void endToEnd(DemoApi api, int rounds, Duration delay) throws Exception {
        try (McpSyncClient client = server(api)) {
            List<Integer> all = IntStream.range(0, SESSIONS).boxed().toList();
            long serverPid = serverPid();
            for (int i = 0; i < 3; i++) { // warm both paths
                browse(client, all);
                browse(client, List.of(i));
            }
            double[] one = new double[rounds];
            double[] each = new double[rounds];
            int concurrent = 0;
            int imageBytes = 0;
            int[] size = null;
            for (int r = 0; r < rounds; r++) {
                api.resetConcurrency();
                long start = System.nanoTime();
                CallToolResult result = browse(client, all);
                one[r] = (System.nanoTime() - start) / 1e6;
                concurrent = Math.max(concurrent, api.maxConcurrentRequests());
                ImageContent image = image(result);
                imageBytes = java.util.Base64.getDecoder().decode(image.data()).length;
                Map<?, ?> sheet = (Map<?, ?>) ((Map<?, ?>) result.structuredContent()).get("contact_sheet");
                size = new int[] {((Number) sheet.get("width")).intValue(), ((Number) sheet.get("height")).intValue()};
                start = System.nanoTime();
                for (int s = 0; s < SESSIONS; s++) {
                    browse(client, List.of(s));
                }
                each[r] = (System.nanoTime() - start) / 1e6;
            }
            long rss = peakRssMb(serverPid);
            System.out.println("## One browse over " + SESSIONS + " sessions, each screenshot delayed "
                    + delay.toMillis() + " ms\n");
            System.out.println("Simulated API on loopback in this JVM; the server started by bin/anchor-batch-mcp"
                    + " (JDK " + System.getProperty("java.version") + "), look=screenshot, " + rounds
                    + " rounds after 3 warm-up rounds.\n");
            System.out.println("| measure | median ms | min | max |");
            System.out.println("|---|---:|---:|---:|");
            System.out.println(row("one call, " + SESSIONS + " sessions in parallel", one));
            System.out.println(row(SESSIONS + " calls, one session each, one after another", each));
            System.out.printf("%nOne call costs %.2f× one session's screenshot delay and %.2f× the one-at-a-time"
                    + " total. Requests in flight at once at the simulator: at most %d. Contact sheet %dx%d,"
                    + " %.0f KB. Server peak RSS over the run: %s.%n", median(one) / delay.toMillis(),
                    median(one) / median(each), concurrent, size[0], size[1], imageBytes / 1024.0,
                    rss < 0 ? "unknown" : rss + " MB");
        }
    }

    /**
     * A server process's first browse beside its second, each in a new process (three sessions, no
     * screenshot delay): what loading the image path costs the first call, which the launcher's
     * class-data archive saves in part. Two processes first, so that the archive is made if it was not.
     */
    private static void firstBrowse(int processes) throws Exception {
        double[] first = new double[processes];
        double[] second = new double[processes];
        List<Integer> three = List.of(0, 1, 2);
        try (DemoApi api = DemoApi.start(System::nanoTime, Duration.ZERO)) {
            for (int p = -2; p < processes; p++) {
                try (McpSyncClient client = server(api)) {
                    client.callTool(CallToolRequest.builder("get_batch_session_status")
                            .arguments(Map.of("batch_id", DemoBatches.LARGE)).build()); // the HTTP path, warm
                    long start = System.nanoTime();
                    browse(client, three);
                    long between = System.nanoTime();
                    browse(client, three);
                    if (p >= 0) {
                        first[p] = (between - start) / 1e6;
                        second[p] = (System.nanoTime() - between) / 1e6;
                    }
                }
                if (p == -1) {
                    Thread.sleep(8000); // a training run started by the first process publishes its archive
                }
            }
        }
        System.out.println("\n## A new server process's first browse\n");
        System.out.println(processes + " processes started by bin/anchor-batch-mcp, each: one status call, then two"
                + " browses of 3 sessions, no screenshot delay.\n");
        System.out.println("| measure | median ms | min | max |");
        System.out.println("|---|---:|---:|---:|");
        System.out.println(row("first browse of the process", first));
        System.out.println(row("second browse", second));
    }

    /** The contact sheet alone, in this JVM: ten of the simulator's 1440x900 screenshots, thumbnails on 2 threads. */
    private static void sheetAlone(DemoApi api) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<byte[]> shots = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            String session = String.format("a0000006-5e55-4000-8000-%012d", i); // DemoBatches.LARGE's sessions
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/sessions/"
                    + session + "/screenshot")).header("anchor-api-key", DemoApi.KEY).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("screenshot of " + session + ": HTTP " + r.statusCode());
            }
            shots.add(r.body());
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        double[] ms = new double[30];
        ContactSheet.Sheet last = null;
        try {
            for (int run = -30; run < ms.length; run++) {
                long start = System.nanoTime();
                ContactSheet layout = ContactSheet.forTiles(SESSIONS);
                List<Future<ContactSheet.Thumbnail>> thumbs = new ArrayList<>();
                for (byte[] shot : shots) {
                    thumbs.add(pool.submit(() -> layout.thumbnail(shot)));
                }
                List<ContactSheet.Entry> entries = new ArrayList<>();
                for (int i = 0; i < SESSIONS; i++) {
                    entries.add(new ContactSheet.Entry(i, "#" + i + " Demo page - https://example.com/" + i,
                            thumbs.get(i).get()));
                }
                last = layout.compose(entries);
                if (run >= 0) {
                    ms[run] = (System.nanoTime() - start) / 1e6;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long bytes = shots.stream().mapToLong(b -> b.length).sum();
        System.out.println("\n## The contact sheet alone\n");
        System.out.printf("Ten of the simulator's 1440x900 PNG screenshots (%.0f KB each on average), decoded, scaled"
                + " and composed in one JVM, thumbnails on 2 threads, 30 warm-up runs: median %.1f ms (min %.1f, max"
                + " %.1f) over %d runs; the sheet is %dx%d, %.0f KB of %s.%n", bytes / 10.0 / 1024, median(ms),
                min(ms), max(ms), ms.length, last.width(), last.height(), last.bytes().length / 1024.0,
                last.mimeType());
    }

    private static CallToolResult browse(McpSyncClient client, List<Integer> sessions) {
        CallToolResult result = client.callTool(CallToolRequest.builder("browse_batch_sessions")
                .arguments(Map.of("batch_id", DemoBatches.LARGE, "sessions", sessions)).build());
        if (Boolean.TRUE.equals(result.isError()) || image(result) == null) {
            throw new IllegalStateException("browse failed: " + result.content());
        }
        return result;
    }

    private static ImageContent image(CallToolResult result) {
        return result.content().stream().filter(ImageContent.class::isInstance).map(ImageContent.class::cast)
                .findFirst().orElse(null);
    }

    /** The server: the one java child of this process (the launcher execs it). */
    private static long serverPid() {
        return ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("java"))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    private static long peakRssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // not Linux, or gone
        }
        return -1;
    }

    private static String row(String label, double[] ms) {
        return String.format("| %s | %.0f | %.0f | %.0f |", label, median(ms), min(ms), max(ms));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
