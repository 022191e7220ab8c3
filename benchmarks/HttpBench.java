import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.github.anchorbatchmcp.demo.DemoApi;
import io.github.anchorbatchmcp.demo.DemoBatches;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * HTTP benchmark: anchor-batch-mcp's --http mode as the README runs it (bin/anchor-batch-mcp, with
 * OAuth on: every request's RS256 token verified against an issuer on loopback), one instance and
 * two behind nginx, beside the TypeScript SDK v2 peer served over Streamable HTTP
 * (benchmarks/peer-v2-http), one and two behind nginx; all against the same in-process simulated
 * API on loopback. Clients send 2026-07-28
 * tools/call requests (get_batch_session_status) with java.net.http.HttpClient over kept-alive
 * HTTP/1.1 connections, each client one request at a time, at each concurrency level for a fixed
 * time after a warm-up. Configurations take turns level by level, starting one further each round,
 * so that machine noise hits them alike. Reports calls/s, p50/p99, errors, CPU per call and each
 * process's peak RSS (VmHWM).
 *
 * A second part compares stdio start-up (spawn to the initialize answer, java -jar) of the current
 * jar with the jar built from the commit before the HTTP work, alternating, and checks that no Jetty
 * or servlet class loads on stdio (-Xlog:class+load to a file).
 *
 * Run it with benchmarks/run-http.sh. Properties: -Dseconds=N per level (default 3), -Dwarmup=N
 * seconds per configuration (default 8), -Drounds=N (default 2), -Dlevels=1,16,64,
 * -Dstartups=N stdio rounds (default 15), -Dpart=http|stdio|both (default both),
 * -Dpre.jar=PATH the pre-HTTP jar (run-http.sh builds it), -Dnginx.workers=N (default 1),
 * -Donly=this|peer (default both: the HTTP part for one side only).
 */
public class HttpBench {

    static final int SECONDS = Integer.getInteger("seconds", 3);
    static final int WARMUP = Integer.getInteger("warmup", 8);
    static final int ROUNDS = Integer.getInteger("rounds", 2);
    static final int STARTUPS = Integer.getInteger("startups", 15);
    static final int[] LEVELS = Arrays.stream(System.getProperty("levels", "1,16,64").split(","))
            .mapToInt(Integer::parseInt).toArray();
    static final String PART = System.getProperty("part", "both");
    static final String NGINX_WORKERS = System.getProperty("nginx.workers", "1");
    static final String ONLY = System.getProperty("only", "both");
    static final Path WORK = Path.of("target", "http-bench").toAbsolutePath();
    static final String JAR = "target/anchor-batch-mcp.jar";

    static final String ENVELOPE = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{},"
            + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}";
    static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}";

    static String callBody(long id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"get_batch_session_status\",\"arguments\":{\"batch_id\":\"" + DemoBatches.COMPLETED + "\"},"
                + ENVELOPE + "}}";
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Files.createDirectories(WORK);
        StringBuilder out = new StringBuilder();
        out.append("`").append(System.getProperty("bench.command", "java -cp " + JAR + " benchmarks/HttpBench.java"))
                .append("`\n\n");
        out.append("Run at ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, JDK ").append(Runtime.version()).append(", node ").append(nodeVersion())
                .append(". Load average at start: ").append(loadAverage()).append("\n\n");
        try (DemoApi api = DemoApi.start(); Issuer issuer = Issuer.start()) {
            Map<String, String> env = Map.of("ANCHOR_API_KEY", DemoApi.KEY, "ANCHOR_BASE_URL", api.baseUrl().toString());
            if (!PART.equals("stdio")) {
                http(env, issuer, out);
            }
            if (!PART.equals("http")) {
                stdio(env, out);
            }
        }
        System.out.println(out);
    }

    // ================================================================ HTTP throughput

    /** A process this program started, and the URL it serves MCP at. */
    record Proc(String role, Process process, URI url) {
    }

    /**
     * A configuration under test: the URL clients call, the processes serving it, and the bearer token
     * every request carries (the peer's get it too, and ignore it).
     */
    record Config(String name, URI url, List<Proc> procs, String bearer) {
    }

    /** One measured level of one configuration. */
    record Run(long calls, long errors, double seconds, long[] latencies, double serverCpuMs, double benchCpuMs,
            String firstError) {
    }

    static void http(Map<String, String> env, Issuer issuer, StringBuilder out) throws Exception {
        List<Proc> all = new ArrayList<>();
        try {
            List<Config> configs = new ArrayList<>();
            String bearer = issuer.token();
            if (!ONLY.equals("peer")) {
                Map<String, String> oauth = new LinkedHashMap<>(env);
                oauth.putAll(issuer.env());
                Proc one = ours("this #1", oauth);
                all.add(one);
                configs.add(new Config("this, 1 instance", one.url(), List.of(one), bearer));
                Proc a = ours("this #2a", oauth);
                Proc b = ours("this #2b", oauth);
                all.addAll(List.of(a, b));
                Proc proxy = nginx("nginx (this)", List.of(a, b));
                all.add(proxy);
                configs.add(new Config("this, 2 instances + nginx", proxy.url(), List.of(a, b, proxy), bearer));
            }
            if (!ONLY.equals("this")) {
                Proc peer = peer("peer #1", env);
                all.add(peer);
                configs.add(new Config("TS SDK v2 peer, 1 instance", peer.url(), List.of(peer), bearer));
                Proc pa = peer("peer #2a", env);
                Proc pb = peer("peer #2b", env);
                all.addAll(List.of(pa, pb));
                Proc peerProxy = nginx("nginx (peer)", List.of(pa, pb));
                all.add(peerProxy);
                configs.add(new Config("TS SDK v2 peer, 2 instances + nginx", peerProxy.url(),
                        List.of(pa, pb, peerProxy), bearer));
            }

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            for (Config c : configs) {
                checkOnce(client, c); // also proves the proxy's Host rewriting passes the instances' check
                System.err.println("warm-up: " + c.name());
                drive(client, c, Math.max(16, LEVELS[LEVELS.length - 1]), WARMUP);
            }
            Map<String, Map<Integer, List<Run>>> runs = new LinkedHashMap<>();
            List<String> loads = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (int level : LEVELS) {
                    for (int k = 0; k < configs.size(); k++) {
                        Config c = configs.get((round + k) % configs.size());
                        Run r = drive(client, c, level, SECONDS);
                        runs.computeIfAbsent(c.name(), x -> new LinkedHashMap<>())
                                .computeIfAbsent(level, x -> new ArrayList<>()).add(r);
                        System.err.printf(Locale.ROOT, "round %d, %2d clients, %-36s %7.0f calls/s, %d errors%n",
                                round + 1, level, c.name(), r.calls() / r.seconds(), r.errors());
                    }
                }
                loads.add(loadAverage());
            }
            out.append("## HTTP: 2026-07-28 `tools/call` (get_batch_session_status) against the simulated API\n\n");
            out.append("This server runs as the README tells teams to: `bin/anchor-batch-mcp --http`, with OAuth on"
                    + " (every request carries an RS256 access token that each instance verifies: signature against"
                    + " the JWKS of an issuer on loopback, iss, aud, exp, scope). The peer gets the same header and"
                    + " checks nothing.\n\n");
            out.append(String.format(Locale.ROOT, "%d s per level per configuration after a %d s warm-up each, %d rounds "
                    + "(configurations take turns level by level); calls/s is the median over rounds, latency "
                    + "percentiles over all calls of all rounds. CPU/call: ms of CPU time per call of the serving "
                    + "processes (instances and proxy) and of this benchmark JVM (clients and simulated API). "
                    + "Load average after each round: %s.%n%n", SECONDS, WARMUP, ROUNDS, String.join("; ", loads)));
            out.append("| configuration | clients | calls/s (min-max) | p50 ms | p99 ms | errors | server CPU/call ms "
                    + "| bench CPU/call ms |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
            List<String> firstErrors = new ArrayList<>();
            for (Config c : configs) {
                for (int level : LEVELS) {
                    List<Run> rs = runs.get(c.name()).get(level);
                    double[] rates = rs.stream().mapToDouble(r -> r.calls() / r.seconds()).sorted().toArray();
                    long[] lat = rs.stream().flatMapToLong(r -> Arrays.stream(r.latencies())).sorted().toArray();
                    long calls = rs.stream().mapToLong(Run::calls).sum();
                    long errors = rs.stream().mapToLong(Run::errors).sum();
                    double serverCpu = rs.stream().mapToDouble(Run::serverCpuMs).sum();
                    double benchCpu = rs.stream().mapToDouble(Run::benchCpuMs).sum();
                    out.append(String.format(Locale.ROOT, "| %s | %d | %.0f (%.0f-%.0f) | %.2f | %.2f | %d | %.3f | %.3f |%n",
                            c.name(), level, median(rates), rates[0], rates[rates.length - 1], pct(lat, 0.50),
                            pct(lat, 0.99), errors, serverCpu / Math.max(1, calls), benchCpu / Math.max(1, calls)));
                    rs.stream().map(Run::firstError).filter(e -> e != null).findFirst()
                            .ifPresent(e -> firstErrors.add(c.name() + " at " + level + ": " + e));
                }
            }
            out.append("\nPeak RSS (VmHWM) of each serving process over the whole run, and its RSS at the end:\n\n");
            out.append("| process | peak RSS MB | RSS at end MB |\n|---|---:|---:|\n");
            for (Proc p : all) {
                out.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f |%n", p.role(), memMb(p.process(), "VmHWM:"),
                        memMb(p.process(), "VmRSS:")));
            }
            out.append("\nnginx: ").append(NGINX_WORKERS).append(" worker process(es); its row sums master and workers.\n");
            if (!firstErrors.isEmpty()) {
                out.append("\nFirst error of each configuration and level that had any:\n\n");
                firstErrors.forEach(e -> out.append("- ").append(e).append('\n'));
            }
            out.append('\n');
        } finally {
            for (Proc p : all) {
                stop(p.process());
            }
        }
    }

    static HttpRequest request(Config c, long id) {
        return HttpRequest.newBuilder(c.url())
                .header("Authorization", "Bearer " + c.bearer())
                .header("MCP-Protocol-Version", "2026-07-28")
                .header("Mcp-Method", "tools/call")
                .header("Mcp-Name", "get_batch_session_status")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(callBody(id)))
                .build();
    }

    /** Why an answer is not a good tools/call result, or null when it is one. */
    static String problem(HttpResponse<String> response) {
        String body = response.body();
        if (response.statusCode() != 200) {
            return "HTTP " + response.statusCode() + " " + abbreviate(body);
        }
        if (!body.contains("\"result\"") || body.contains("\"isError\":true") || !body.contains(DemoBatches.COMPLETED)) {
            return "not a result: " + abbreviate(body);
        }
        return null;
    }

    static void checkOnce(HttpClient client, Config c) throws Exception {
        HttpResponse<String> response = client.send(request(c, 1), HttpResponse.BodyHandlers.ofString());
        String problem = problem(response);
        if (problem != null) {
            throw new IllegalStateException(c.name() + ": " + problem);
        }
        System.err.println(c.name() + " answers (" + response.headers().firstValue("content-type").orElse("?") + ", "
                + response.body().length() + " chars): " + abbreviate(response.body()));
    }

    /** {@code clients} threads, each sending one request at a time for {@code seconds}. */
    static Run drive(HttpClient client, Config c, int clients, int seconds) throws Exception {
        long serverCpuBefore = cpuNanos(c.procs());
        long benchCpuBefore = cpuNanos(ProcessHandle.current());
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong ids = new AtomicLong(1000);
        AtomicLong errors = new AtomicLong();
        String[] firstError = new String[1];
        List<CompletableFuture<long[]>> workers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            CompletableFuture<long[]> done = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                long[] lat = new long[1024];
                int n = 0;
                while (System.nanoTime() < deadline) {
                    long sent = System.nanoTime();
                    String problem;
                    try {
                        problem = problem(client.send(request(c, ids.incrementAndGet()),
                                HttpResponse.BodyHandlers.ofString()));
                    } catch (Exception e) {
                        problem = e.toString();
                    }
                    long took = System.nanoTime() - sent;
                    if (problem != null) {
                        errors.incrementAndGet();
                        synchronized (firstError) {
                            if (firstError[0] == null) {
                                firstError[0] = problem;
                            }
                        }
                        continue;
                    }
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = took;
                }
                done.complete(Arrays.copyOf(lat, n));
            }, "client-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(done);
        }
        List<long[]> all = new ArrayList<>();
        for (CompletableFuture<long[]> w : workers) {
            all.add(w.get(seconds + 60L, TimeUnit.SECONDS));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] latencies = all.stream().flatMapToLong(Arrays::stream).toArray();
        return new Run(latencies.length, errors.get(), elapsed, latencies,
                (cpuNanos(c.procs()) - serverCpuBefore) / 1e6, (cpuNanos(ProcessHandle.current()) - benchCpuBefore) / 1e6,
                firstError[0]);
    }

    /** An instance as the README starts one: through the launcher, on this benchmark's JDK. */
    static Proc ours(String role, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bin/anchor-batch-mcp", "--http", "127.0.0.1:0");
        pb.environment().putAll(env);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return startListening(role, pb);
    }

    /**
     * An OAuth issuer on loopback, in this JVM: its RFC 8414 metadata and JWKS, and one RS256 access
     * token for {@link #RESOURCE} with both scopes, which this server's instances verify on every request.
     */
    record Issuer(HttpServer server, String url, String token) implements AutoCloseable {

        static final String RESOURCE = "https://mcp.bench.example/mcp";

        static Issuer start() throws Exception {
            RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            serve(server, "/.well-known/oauth-authorization-server",
                    "{\"issuer\":\"" + url + "\",\"jwks_uri\":\"" + url + "/jwks\"}");
            serve(server, "/jwks", new JWKSet(key.toPublicJWK()).toString());
            server.start();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(new JOSEObjectType("at+jwt")).build(),
                    new JWTClaimsSet.Builder().issuer(url).audience(RESOURCE).subject("bench").claim("client_id", "bench")
                            .claim("scope", "anchor:read anchor:write").issueTime(new Date())
                            .expirationTime(new Date(System.currentTimeMillis() + Duration.ofHours(2).toMillis())).build());
            jwt.sign(new RSASSASigner(key));
            return new Issuer(server, url, jwt.serialize());
        }

        private static void serve(HttpServer server, String path, String json) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            server.createContext(path, exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(body);
                }
            });
        }

        Map<String, String> env() {
            return Map.of("ANCHOR_MCP_OAUTH_ISSUER", url, "ANCHOR_MCP_PUBLIC_URL", RESOURCE);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    static Proc peer(String role, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("node", "benchmarks/peer-v2-http/server.mjs", "127.0.0.1:0");
        pb.environment().putAll(env);
        return startListening(role, pb);
    }

    /** Starts a server, waits for its `listening on URL` line, and drains the rest of its stderr (the access log). */
    static Proc startListening(String role, ProcessBuilder pb) throws Exception {
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<URI> url = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try {
                String line;
                while ((line = err.readLine()) != null) {
                    int at = line.indexOf("listening on ");
                    if (at >= 0 && !url.isDone()) {
                        url.complete(URI.create(line.substring(at + "listening on ".length()).trim()));
                    } else if (!url.isDone()) {
                        System.err.println(role + ": " + line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            url.completeExceptionally(new IllegalStateException(role + " ended without listening"));
        }, role + "-stderr");
        drain.setDaemon(true);
        drain.start();
        return new Proc(role, p, url.get(60, TimeUnit.SECONDS));
    }

    static Proc nginx(String role, List<Proc> upstreams) throws Exception {
        Path prefix = Files.createTempDirectory(WORK, "nginx-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String servers = upstreams.stream()
                .map(u -> "        server 127.0.0.1:" + u.url().getPort() + ";").collect(Collectors.joining("\n"));
        String conf = Files.readString(Path.of("benchmarks", "nginx-bench.conf"))
                .replace("@PREFIX@", prefix.toString()).replace("@SERVERS@", servers)
                .replace("@PORT@", Integer.toString(port)).replace("@WORKERS@", NGINX_WORKERS);
        Path file = prefix.resolve("nginx.conf");
        Files.writeString(file, conf);
        ProcessBuilder pb = new ProcessBuilder("nginx", "-p", prefix.toString(), "-c", file.toString(), "-g", "daemon off;");
        pb.redirectErrorStream(true);
        pb.redirectOutput(prefix.resolve("stdout.log").toFile());
        Process p = pb.start();
        URI url = URI.create("http://127.0.0.1:" + port + "/mcp");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                break;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(role + " did not start: " + Files.readString(prefix.resolve("stdout.log")));
                }
                Thread.sleep(50);
            }
        }
        return new Proc(role, p, url);
    }

    static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroy);
    }

    // ================================================================ stdio start-up

    static void stdio(Map<String, String> env, StringBuilder out) throws Exception {
        String pre = System.getProperty("pre.jar");
        out.append("## stdio start-up: spawn to the initialize answer, `java -jar`\n\n");
        if (pre == null || !Files.isRegularFile(Path.of(pre))) {
            out.append("No pre-HTTP jar given (-Dpre.jar): comparison skipped.\n\n");
        } else {
            Map<String, String> jars = new LinkedHashMap<>();
            jars.put("before HTTP (" + Path.of(pre).getFileName() + ", " + sizeKb(Path.of(pre)) + " KB)", pre);
            jars.put("current (" + JAR + ", " + sizeKb(Path.of(JAR)) + " KB)", JAR);
            List<String> names = new ArrayList<>(jars.keySet());
            for (String name : names) { // untimed: the OS caches fill
                startup(jars.get(name), env, List.of());
            }
            Map<String, List<double[]>> ms = new LinkedHashMap<>();
            for (int round = 0; round < STARTUPS; round++) {
                for (int k = 0; k < names.size(); k++) {
                    String name = names.get((round + k) % names.size());
                    ms.computeIfAbsent(name, x -> new ArrayList<>()).add(startup(jars.get(name), env, List.of()));
                }
            }
            out.append(String.format(Locale.ROOT, "%d rounds, alternating (the order flips each round). Load average "
                    + "after: %s. CPU ms: the process's user+system time when its answer arrived (all its threads, "
                    + "10 ms ticks): less sensitive to other load than wall time.%n%n"
                    + "| jar | wall median ms | wall min-max ms | CPU median ms | CPU min-max ms |%n"
                    + "|---|---:|---:|---:|---:|%n", STARTUPS, loadAverage()));
            for (String name : names) {
                double[] v = ms.get(name).stream().mapToDouble(x -> x[0]).sorted().toArray();
                double[] c = ms.get(name).stream().mapToDouble(x -> x[1]).sorted().toArray();
                out.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f-%.0f | %.0f | %.0f-%.0f |%n", name, median(v), v[0],
                        v[v.length - 1], median(c), c[0], c[c.length - 1]));
            }
            out.append('\n');
            Path preLog = WORK.resolve("pre-http-stdio-class-load.txt");
            startup(pre, env, List.of("-Xlog:class+load:file=" + preLog));
            out.append(String.format(Locale.ROOT, "Classes the pre-HTTP jar loads in the same stdio session: %d.%n%n",
                    countLines(preLog, "")));
        }
        Path stdioLog = WORK.resolve("stdio-class-load.txt");
        Path httpLog = WORK.resolve("http-class-load.txt");
        startup(JAR, env, List.of("-Xlog:class+load:file=" + stdioLog));
        Process p = new ProcessBuilder(javaBin(), "-Xlog:class+load:file=" + httpLog, "-jar", JAR, "--http", "127.0.0.1:0")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null && !line.contains("listening on ")) {
                // until it listens
            }
        }
        stop(p);
        out.append(String.format(Locale.ROOT, "Classes loaded (`-Xlog:class+load:file=...`): stdio session (initialize "
                        + "and one tools/call): %d in all, %d `org.eclipse.jetty`, %d `jakarta.servlet`, %d of the "
                        + "project's `transport.http`; `--http` up to listening, for comparison: %d in all, %d Jetty, %d "
                        + "servlet. Logs: %s, %s.%n%n",
                countLines(stdioLog, ""), countLines(stdioLog, "org.eclipse.jetty"), countLines(stdioLog, "jakarta.servlet"),
                countLines(stdioLog, "anchorbatchmcp.transport.http"), countLines(httpLog, ""),
                countLines(httpLog, "org.eclipse.jetty"), countLines(httpLog, "jakarta.servlet"), WORK.relativize(stdioLog),
                WORK.relativize(httpLog)));
    }

    /**
     * Spawn to the initialize answer, and the process's CPU time then, in ms; then one tools/call,
     * stdin closed, and the exit awaited.
     */
    static double[] startup(String jar, Map<String, String> env, List<String> jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBin()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        long spawned = System.nanoTime();
        Process p = pb.start();
        OutputStream in = p.getOutputStream();
        BufferedReader outReader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        in.write((INIT + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        String line = outReader.readLine();
        double ms = (System.nanoTime() - spawned) / 1e6;
        double cpuMs = cpuNanos(p.toHandle()) / 1e6;
        if (line == null || !line.contains("\"result\"")) {
            throw new IllegalStateException(jar + " gave no initialize result: " + line);
        }
        in.write(("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"
                + "\"tools/call\",\"params\":{\"name\":\"get_batch_session_status\",\"arguments\":{\"batch_id\":\""
                + DemoBatches.COMPLETED + "\"}}}\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        outReader.readLine();
        in.close();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new double[] {ms, cpuMs};
    }

    // ================================================================ helpers

    static long cpuNanos(List<Proc> procs) {
        return procs.stream().mapToLong(p -> cpuNanos(p.process().toHandle())).sum();
    }

    /** CPU time of a process and its descendants (nginx's workers are the master's children). */
    static long cpuNanos(ProcessHandle h) {
        long own = h.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        return own + (h.equals(ProcessHandle.current()) ? 0 : h.children().mapToLong(HttpBench::cpuNanos).sum());
    }

    /** A /proc/PID/status memory line of a process and its descendants, in MB. */
    static double memMb(Process p, String field) {
        List<ProcessHandle> handles = new ArrayList<>(List.of(p.toHandle()));
        p.descendants().forEach(handles::add);
        double kb = 0;
        for (ProcessHandle h : handles) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(h.pid()), "status"))) {
                    if (line.startsWith(field)) {
                        kb += Double.parseDouble(line.substring(field.length()).trim().split("\\s+")[0]);
                    }
                }
            } catch (IOException e) {
                // gone
            }
        }
        return kb / 1024;
    }

    static long countLines(Path file, String needle) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> l.contains(needle)).count();
        }
    }

    static long sizeKb(Path p) throws IOException {
        return Files.size(p) / 1024;
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() > 160 ? one.substring(0, 160) + "..." : one;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            try (InputStream in = p.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
        } catch (IOException e) {
            return "?";
        }
    }
}
