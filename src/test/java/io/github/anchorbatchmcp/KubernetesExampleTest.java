package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.anchorbatchmcp.transport.auth.ResourceServer;
import io.github.anchorbatchmcp.transport.http.HttpSettings;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * examples/kubernetes/ checked against the server's own settings, without a cluster: every YAML file
 * parsed (several documents per file allowed), the variables it sets read back through
 * {@link Config#fromEnv} and {@link HttpConfig#fromEnv} as the server would at start, and the fields
 * that must agree with each other (ports, labels, grace period and drain, the public URL and the
 * Ingress) compared.
 */
class KubernetesExampleTest {

    private static final Path DIR = Path.of("examples", "kubernetes");
    private static final Path LAUNCHER = Path.of("bin", "anchor-batch-mcp");

    /** Every variable the server reads, by the constants it reads them with. */
    private static final Set<String> SERVER_VARIABLES = Set.of(Config.API_KEY, Config.API_KEY_FALLBACK,
            Config.BASE_URL, Config.TIMEOUT_SECONDS, Config.MAX_RETRIES, Config.MAX_LISTED_SESSIONS,
            Config.MAX_BATCH_SIZE, Config.MAX_DRIVEN_SESSIONS, Config.READ_ONLY, Main.LOG_LEVEL, HttpConfig.TOKEN,
            HttpConfig.TOKEN_FILE, HttpConfig.ALLOWED_ORIGINS, HttpConfig.DRAIN_SECONDS, HttpConfig.MAX_IN_FLIGHT,
            HttpConfig.OAUTH_ISSUER, HttpConfig.PUBLIC_URL);
    /** Read by bin/anchor-batch-mcp before the JVM starts (checked against its text below). */
    private static final Set<String> LAUNCHER_VARIABLES = Set.of("XDG_CACHE_HOME");

    /** The HTTP benchmark (docs/performance.md): peak RSS of one instance under 64 concurrent clients, 146 MB. */
    private static final long MEASURED_RSS_BYTES = 146L * 1024 * 1024;

    private record Doc(Path file, JsonNode node) {
        String kind() {
            return node.path("kind").asString("");
        }

        String name() {
            return node.path("metadata").path("name").asString("");
        }
    }

    // ---- the files -------------------------------------------------------------------------------

    @Test
    void everyFileParsesIntoNamedKubernetesObjects() throws IOException {
        List<Path> files = yamlFiles();
        assertFalse(files.isEmpty(), "no YAML files in " + DIR);
        List<Doc> docs = docs();
        Set<String> seen = new HashSet<>();
        for (Doc d : docs) {
            assertTrue(d.node().isObject(), d.file() + ": a document that is not a mapping");
            assertTrue(d.node().path("apiVersion").isString(), d.file() + ": no apiVersion");
            assertFalse(d.kind().isEmpty(), d.file() + ": no kind");
            assertFalse(d.name().isEmpty(), d.file() + ": a " + d.kind() + " without metadata.name");
            assertTrue(seen.add(d.kind() + "/" + d.name()), d.file() + ": " + d.kind() + "/" + d.name() + " twice");
        }
        for (String kind : List.of("Deployment", "Service", "ConfigMap")) {
            assertTrue(docs.stream().anyMatch(d -> d.kind().equals(kind)), "no " + kind + " in " + DIR);
        }
        // Kubernetes takes only strings in a ConfigMap's data and in an env value: 20, not "20", is refused.
        for (Map.Entry<String, JsonNode> e : configMap().path("data").properties()) {
            assertTrue(e.getValue().isString(), "ConfigMap data " + e.getKey() + " is not a string; quote it");
        }
        for (JsonNode env : container().path("env")) {
            if (env.has("value")) {
                assertTrue(env.path("value").isString(), "env " + env.path("name").asString() + " is not a string");
            }
        }
    }

    @Test
    void everyVariableIsOneTheServerOrItsLauncherReads() throws IOException {
        JsonNode container = container();
        assertTrue(container.path("envFrom").isMissingNode(), "envFrom hides which variables are set: name each");
        Set<String> names = new HashSet<>();
        for (JsonNode env : container.path("env")) {
            String name = env.path("name").asString("");
            assertTrue(names.add(name), "env " + name + " twice");
            assertTrue(SERVER_VARIABLES.contains(name) || LAUNCHER_VARIABLES.contains(name),
                    "env " + name + " is read neither by the server nor by its launcher");
        }
        Set<String> referenced = new HashSet<>();
        for (JsonNode env : container.path("env")) {
            JsonNode ref = env.path("valueFrom").path("configMapKeyRef");
            if (!ref.isMissingNode()) {
                referenced.add(ref.path("key").asString());
            }
        }
        for (String key : configMap().path("data").propertyNames()) {
            assertTrue(SERVER_VARIABLES.contains(key), "ConfigMap key " + key + " is not a variable the server reads");
            assertTrue(referenced.contains(key), "ConfigMap key " + key + " is set but no env takes it");
        }
        String launcher = Files.readString(LAUNCHER);
        for (String name : LAUNCHER_VARIABLES) {
            assertTrue(launcher.contains("${" + name), LAUNCHER + " does not read " + name);
        }
    }

    @Test
    void theSettingsAreOnesTheServerStartsWith() throws Exception {
        Map<String, String> env = resolvedEnv();
        Config config = Config.fromEnv(env); // throws ConfigException, naming the variable, on a bad value
        assertTrue(config.hasApiKey(), Config.API_KEY + " is not set");
        HttpSettings http = HttpConfig.fromEnv(httpAddress(), env);
        assertFalse(http.loopback());
        assertNotNull(http.oauth(), "OAuth is not on");
        JsonNode data = configMap().path("data");
        assertEquals(data.path(HttpConfig.OAUTH_ISSUER).asString(), http.oauth().issuer());
        assertEquals(data.path(HttpConfig.PUBLIC_URL).asString(), http.oauth().resource());
        assertNull(http.token(), "a shared token besides OAuth");
        assertEquals(Integer.parseInt(env.get(HttpConfig.DRAIN_SECONDS)), http.drain().toSeconds());
        String level = env.get(Main.LOG_LEVEL);
        if (level != null) {
            assertTrue(logLevels().contains(level.strip().toLowerCase(Locale.ROOT)),
                    Main.LOG_LEVEL + " " + level + " is not one the server takes");
        }
    }

    @Test
    void theContainerServesHttpOnThePortItIsProbedAndRoutedOn() throws IOException {
        JsonNode container = container();
        assertTrue(container.path("command").isMissingNode(), "command replaces the image's launcher");
        HttpSettings http = HttpConfig.fromEnv(httpAddress(), resolvedEnv());
        assertFalse(Config.isLoopback(http.host()), "--http binds " + http.host() + ": other pods cannot reach it");
        int port = http.port();
        assertNotEquals(0, port, "--http on port 0 (a free one): probes and the Service need a fixed one");
        JsonNode containerPort = null;
        for (JsonNode p : container.path("ports")) {
            if (p.path("containerPort").asInt() == port) {
                containerPort = p;
            }
        }
        assertNotNull(containerPort, "no containerPort " + port);
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            assertEquals("/healthz", get.path("path").asString(), probe);
            assertEquals(port, resolvePort(get.path("port"), container), probe + " port");
        }
        JsonNode service = one("Service");
        String type = service.path("spec").path("type").asString("ClusterIP");
        assertEquals("ClusterIP", type);
        JsonNode servicePort = service.path("spec").path("ports").path(0);
        assertEquals(1, service.path("spec").path("ports").size(), "one Service port");
        assertEquals("http", servicePort.path("name").asString());
        assertEquals(80, servicePort.path("port").asInt());
        assertEquals(port, resolvePort(servicePort.path("targetPort"), container), "Service targetPort");
    }

    @Test
    void enoughReplicasThatDrainBeforeTheyAreKilled() throws IOException {
        JsonNode deployment = one("Deployment");
        int replicas = deployment.path("spec").path("replicas").asInt(1);
        assertTrue(replicas >= 2, "replicas " + replicas + ": one pod is no team deployment");
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        assertTrue(pod.path("terminationGracePeriodSeconds").isIntegralNumber(), "terminationGracePeriodSeconds");
        int grace = pod.path("terminationGracePeriodSeconds").asInt();
        String drainValue = resolvedEnv().get(HttpConfig.DRAIN_SECONDS);
        assertNotNull(drainValue, HttpConfig.DRAIN_SECONDS + " is not set explicitly");
        int drain = Integer.parseInt(drainValue);
        int preStop = preStopSleepSeconds(container());
        assertTrue(grace > drain + preStop, "terminationGracePeriodSeconds " + grace + " is not above the preStop"
                + " sleep (" + preStop + " s) plus " + HttpConfig.DRAIN_SECONDS + " (" + drain + " s)");
        for (Doc d : docs()) {
            if (d.kind().equals("PodDisruptionBudget")) {
                JsonNode min = d.node().path("spec").path("minAvailable");
                assertTrue(min.isIntegralNumber() && min.asInt() < replicas,
                        "a PodDisruptionBudget with minAvailable " + min + " blocks every node drain");
            }
        }
    }

    @Test
    void resourcesCoverTheMeasuredMemory() throws IOException {
        JsonNode resources = container().path("resources");
        String cpu = resources.path("requests").path("cpu").asString("");
        assertTrue(cpu(cpu) > 0, "no cpu request");
        long request = bytes(resources.path("requests").path("memory").asString(""));
        long limit = bytes(resources.path("limits").path("memory").asString(""));
        assertTrue(request >= MEASURED_RSS_BYTES, "memory request " + request + " below the measured RSS");
        assertTrue(limit > request, "memory limit " + limit + " not above the request " + request);
    }

    // ---- secrets ---------------------------------------------------------------------------------

    @Test
    void theAnchorKeyComesFromASecretAndNoKeyOrTokenIsWrittenDown() throws IOException {
        JsonNode container = container();
        JsonNode apiKey = env(container, Config.API_KEY);
        assertNotNull(apiKey, Config.API_KEY + " is not set");
        JsonNode ref = apiKey.path("valueFrom").path("secretKeyRef");
        assertFalse(ref.path("name").asString("").isEmpty() || ref.path("key").asString("").isEmpty(),
                Config.API_KEY + " does not come from a secretKeyRef");
        for (JsonNode env : container.path("env")) {
            String name = env.path("name").asString("");
            if (secretish(name)) {
                assertTrue(env.path("valueFrom").has("secretKeyRef"), name + " is not taken from a Secret");
            }
        }
        for (String key : configMap().path("data").propertyNames()) {
            assertFalse(secretish(key), "ConfigMap holds " + key + ": a ConfigMap is not for secrets");
        }
        for (Doc d : docs()) {
            if (d.kind().equals("Secret")) {
                assertFalse(d.node().has("data") || d.node().has("stringData"),
                        d.file() + ": a Secret with values; create it with kubectl instead");
            }
        }
        for (Path file : allFiles()) {
            String text = Files.readString(file);
            Matcher bearer = Pattern.compile("(?i)bearer\\s+([A-Za-z0-9._~+/=-]{6,})").matcher(text);
            assertFalse(bearer.find(), file + ": what looks like a bearer token");
            assertFalse(Pattern.compile("eyJ[A-Za-z0-9_-]{10,}").matcher(text).find(), file + ": what looks like a JWT");
            Matcher run = Pattern.compile("[A-Za-z0-9_+/=-]{32,}").matcher(text);
            while (run.find()) {
                String s = run.group();
                assertFalse(s.matches(".*[0-9].*") && s.matches(".*[A-Za-z].*"),
                        file + ": what looks like a key or token (" + s.length() + " characters)");
            }
        }
    }

    @Test
    void theOAuthSettingsComeFromTheConfigMapAndNoSharedTokenIsSet() throws IOException {
        JsonNode container = container();
        String configMap = one("ConfigMap").path("metadata").path("name").asString();
        for (String name : List.of(HttpConfig.OAUTH_ISSUER, HttpConfig.PUBLIC_URL)) {
            JsonNode env = env(container, name);
            assertNotNull(env, name + " is not set");
            JsonNode ref = env.path("valueFrom").path("configMapKeyRef");
            assertEquals(configMap, ref.path("name").asString(null), name + " does not come from the ConfigMap");
            assertFalse(configMap().path("data").path(ref.path("key").asString()).asString("").isBlank(),
                    "the ConfigMap has no " + ref.path("key").asString());
        }
        // The server refuses OAuth and a shared token together (exit 2).
        assertNull(env(container, HttpConfig.TOKEN), HttpConfig.TOKEN + " is set besides OAuth");
        assertNull(env(container, HttpConfig.TOKEN_FILE), HttpConfig.TOKEN_FILE + " is set besides OAuth");
    }

    // ---- objects that must agree -----------------------------------------------------------------

    @Test
    void theServiceAndTheDisruptionBudgetSelectTheDeploymentsPods() throws IOException {
        JsonNode deployment = one("Deployment");
        Map<String, String> labels = strings(deployment.path("spec").path("template").path("metadata").path("labels"));
        Map<String, String> matchLabels = strings(deployment.path("spec").path("selector").path("matchLabels"));
        assertFalse(matchLabels.isEmpty(), "the Deployment has no selector.matchLabels");
        assertTrue(labels.entrySet().containsAll(matchLabels.entrySet()), "the Deployment's selector misses its pods");
        JsonNode service = one("Service").path("spec");
        Map<String, String> selector = strings(service.path("selector"));
        assertFalse(selector.isEmpty(), "the Service selects nothing");
        assertTrue(labels.entrySet().containsAll(selector.entrySet()), "the Service's selector misses the pods");
        assertNotEquals("ClientIP", service.path("sessionAffinity").asString("None"), "no affinity is needed");
        for (Doc d : docs()) {
            if (d.kind().equals("PodDisruptionBudget")) {
                Map<String, String> pdb = strings(d.node().path("spec").path("selector").path("matchLabels"));
                assertFalse(pdb.isEmpty());
                assertTrue(labels.entrySet().containsAll(pdb.entrySet()), "the PodDisruptionBudget misses the pods");
            }
        }
    }

    @Test
    void runsAsNonRootOnAReadOnlyRootWithAWritableTmp() throws IOException {
        JsonNode pod = one("Deployment").path("spec").path("template").path("spec");
        JsonNode container = container();
        JsonNode podSecurity = pod.path("securityContext");
        JsonNode security = container.path("securityContext");
        assertTrue(security.path("runAsNonRoot").asBoolean(podSecurity.path("runAsNonRoot").asBoolean(false)),
                "runAsNonRoot");
        assertNotEquals(0, security.path("runAsUser").asInt(podSecurity.path("runAsUser").asInt(-1)), "runAsUser 0");
        assertTrue(security.path("readOnlyRootFilesystem").asBoolean(false), "readOnlyRootFilesystem");
        assertTrue(security.path("allowPrivilegeEscalation").isBoolean()
                && !security.path("allowPrivilegeEscalation").asBoolean(), "allowPrivilegeEscalation must be false");
        assertFalse(security.path("privileged").asBoolean(false), "privileged");
        assertFalse(pod.path("automountServiceAccountToken").asBoolean(true),
                "the server never calls the Kubernetes API: mount no service account token");
        Set<String> emptyDirs = new HashSet<>();
        for (JsonNode v : pod.path("volumes")) {
            if (v.has("emptyDir")) {
                emptyDirs.add(v.path("name").asString());
            }
        }
        List<String> writable = new ArrayList<>();
        for (JsonNode m : container.path("volumeMounts")) {
            if (emptyDirs.contains(m.path("name").asString()) && !m.path("readOnly").asBoolean(false)) {
                writable.add(m.path("mountPath").asString().replaceAll("/+$", ""));
            }
        }
        assertTrue(writable.contains("/tmp"), "/tmp is not a writable emptyDir");
        String cache = resolvedEnv().get("XDG_CACHE_HOME");
        assertNotNull(cache, "XDG_CACHE_HOME is not set: the launcher's cache would be on the read-only root");
        assertTrue(writable.stream().anyMatch(w -> cache.equals(w) || cache.startsWith(w + "/")),
                "XDG_CACHE_HOME " + cache + " is not on a writable volume");
    }

    @Test
    void theIngressServesThePublicUrlWithTlsAndWithoutBuffering() throws IOException {
        List<Doc> ingresses = docs().stream().filter(d -> d.kind().equals("Ingress")).toList();
        if (ingresses.isEmpty()) {
            return; // optional
        }
        assertEquals(1, ingresses.size());
        JsonNode ingress = ingresses.get(0).node();
        URI publicUrl = URI.create(configMap().path("data").path(HttpConfig.PUBLIC_URL).asString());
        assertEquals("https", publicUrl.getScheme(), "behind an Ingress with TLS, the public URL is https://");
        String host = publicUrl.getHost();
        boolean tls = false;
        for (JsonNode t : ingress.path("spec").path("tls")) {
            for (JsonNode h : t.path("hosts")) {
                tls |= h.asString().equals(host);
            }
        }
        assertTrue(tls, "no TLS for " + host);
        String service = one("Service").path("metadata").path("name").asString();
        JsonNode servicePort = one("Service").path("spec").path("ports").path(0);
        List<JsonNode> paths = new ArrayList<>();
        for (JsonNode rule : ingress.path("spec").path("rules")) {
            if (rule.path("host").asString("").equals(host)) {
                rule.path("http").path("paths").forEach(paths::add);
            }
        }
        List<String> needed = new ArrayList<>(List.of(publicUrl.getPath()));
        needed.addAll(ResourceServer.METADATA_PATHS);
        for (String path : needed) {
            JsonNode match = paths.stream().filter(p -> routes(p, path)).findFirst().orElse(null);
            assertNotNull(match, "the Ingress does not route " + path + " on " + host);
            JsonNode backend = match.path("backend").path("service");
            assertEquals(service, backend.path("name").asString(), path + " goes to another Service");
            JsonNode port = backend.path("port");
            assertTrue(port.path("name").asString("").equals(servicePort.path("name").asString())
                    || port.path("number").asInt(-1) == servicePort.path("port").asInt(),
                    path + " goes to a port the Service does not have");
        }
        JsonNode annotations = ingress.path("metadata").path("annotations");
        assertEquals("off", annotations.path("nginx.ingress.kubernetes.io/proxy-buffering").asString(""),
                "proxy buffering holds progress events back");
        int readTimeout = Integer.parseInt(annotations.path("nginx.ingress.kubernetes.io/proxy-read-timeout")
                .asString("60"));
        assertTrue(readTimeout >= 600, "proxy-read-timeout " + readTimeout + " cuts long calls off");
        assertFalse(annotations.has("nginx.ingress.kubernetes.io/affinity"), "no affinity is needed");
    }

    @Test
    void theImageIsTheLauncherWithTheJarWhereItLooks() throws IOException {
        String dockerfile = Files.readString(DIR.resolve("Dockerfile"));
        List<String> lines = dockerfile.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertTrue(lines.get(0).matches("FROM eclipse-temurin:(1[7-9]|[2-9][0-9])-jre.*"), lines.get(0));
        Map<String, String> copies = new LinkedHashMap<>();
        for (String l : lines) {
            if (l.startsWith("COPY ")) {
                String[] words = l.substring(5).strip().split("\\s+");
                List<String> args = Stream.of(words).filter(w -> !w.startsWith("--")).toList();
                assertEquals(2, args.size(), l);
                copies.put(args.get(0), args.get(1));
            }
        }
        String launcher = copies.get("bin/anchor-batch-mcp");
        String jar = copies.get("target/anchor-batch-mcp.jar");
        assertNotNull(launcher, "the launcher is not copied");
        assertNotNull(jar, "the jar is not copied");
        String root = launcher.replaceAll("/bin/anchor-batch-mcp$", "");
        assertEquals(root + "/target/anchor-batch-mcp.jar", jar, "the launcher looks for the jar in ../target/");
        assertTrue(lines.contains("ENTRYPOINT [\"" + launcher + "\"]"), "the entry point is not the launcher");
        String user = lines.stream().filter(l -> l.startsWith("USER ")).findFirst().orElse("USER root");
        assertTrue(user.matches("USER [1-9][0-9]*(:[0-9]+)?"), user + ": not a numeric non-root user");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static List<Path> allFiles() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static List<Path> yamlFiles() throws IOException {
        return allFiles().stream().filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                .toList();
    }

    /** Every document of every file; an empty one (a file of comments only) is skipped, as kubectl does. */
    private static List<Doc> docs() throws IOException {
        YAMLMapper yaml = YAMLMapper.builder().build();
        List<Doc> docs = new ArrayList<>();
        for (Path file : yamlFiles()) {
            try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(file)) {
                while (it.hasNextValue()) {
                    JsonNode node = it.nextValue();
                    if (node != null && !node.isNull() && !node.isMissingNode()) {
                        docs.add(new Doc(file, node));
                    }
                }
            }
        }
        return docs;
    }

    private static JsonNode one(String kind) throws IOException {
        List<Doc> found = docs().stream().filter(d -> d.kind().equals(kind)).toList();
        assertEquals(1, found.size(), "one " + kind + " expected in " + DIR);
        return found.get(0).node();
    }

    private static JsonNode configMap() throws IOException {
        return one("ConfigMap");
    }

    private static JsonNode container() throws IOException {
        JsonNode containers = one("Deployment").path("spec").path("template").path("spec").path("containers");
        assertEquals(1, containers.size(), "one container expected");
        return containers.get(0);
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asString("").equals(name)) {
                return env;
            }
        }
        return null;
    }

    /** The container's environment as the pod would see it; a Secret's value is a placeholder. */
    private static Map<String, String> resolvedEnv() throws IOException {
        String configMapName = configMap().path("metadata").path("name").asString();
        JsonNode data = configMap().path("data");
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : container().path("env")) {
            String name = e.path("name").asString("");
            JsonNode from = e.path("valueFrom");
            if (e.has("value")) {
                assertTrue(from.isMissingNode(), name + " has both value and valueFrom");
                env.put(name, e.path("value").asString());
            } else if (from.has("configMapKeyRef")) {
                JsonNode ref = from.path("configMapKeyRef");
                assertEquals(configMapName, ref.path("name").asString(), name + " names another ConfigMap");
                String key = ref.path("key").asString("");
                assertTrue(data.has(key), name + ": the ConfigMap has no key " + key);
                assertTrue(data.path(key).isString(), name + ": the ConfigMap's " + key + " is not a string");
                env.put(name, data.path(key).asString());
            } else if (from.has("secretKeyRef")) {
                env.put(name, "placeholder-for-" + from.path("secretKeyRef").path("key").asString());
            } else {
                fail(name + ": neither a value, nor a ConfigMap or Secret key");
            }
        }
        return env;
    }

    /** The argument of --http; the container's args are exactly {@code --http HOST:PORT}. */
    private static String httpAddress() throws IOException {
        JsonNode args = container().path("args");
        assertEquals(2, args.size(), "args: --http HOST:PORT, and nothing else (got " + args + ")");
        assertEquals("--http", args.get(0).asString());
        return args.get(1).asString();
    }

    private static int resolvePort(JsonNode port, JsonNode container) {
        if (port.isIntegralNumber()) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asString("").equals(port.asString())) {
                return p.path("containerPort").asInt();
            }
        }
        fail("port " + port + " is neither a number nor the name of a container port");
        return -1;
    }

    /** The preStop pause: {@code exec: [sleep, N]} or the sleep action; 0 without a preStop hook. */
    private static int preStopSleepSeconds(JsonNode container) {
        JsonNode preStop = container.path("lifecycle").path("preStop");
        if (preStop.isMissingNode()) {
            return 0;
        }
        if (preStop.has("sleep")) {
            return preStop.path("sleep").path("seconds").asInt();
        }
        JsonNode command = preStop.path("exec").path("command");
        if (command.size() == 2 && command.get(0).asString().matches("(.*/)?sleep")
                && command.get(1).asString().matches("[0-9]+")) {
            return Integer.parseInt(command.get(1).asString());
        }
        fail("a preStop hook this test cannot time: " + preStop);
        return -1;
    }

    private static boolean routes(JsonNode ingressPath, String path) {
        String p = ingressPath.path("path").asString("");
        return switch (ingressPath.path("pathType").asString("")) {
            case "Exact" -> p.equals(path);
            case "Prefix" -> p.equals("/") || path.equals(p.replaceAll("/+$", ""))
                    || path.startsWith(p.replaceAll("/+$", "") + "/");
            default -> false; // ImplementationSpecific: not predictable
        };
    }

    private static boolean secretish(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return n.contains("KEY") || n.contains("TOKEN") || n.contains("SECRET") || n.contains("PASSWORD");
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            map.put(e.getKey(), e.getValue().asString());
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> logLevels() throws ReflectiveOperationException {
        Field f = Main.class.getDeclaredField("LOG_LEVELS"); // private: the set setLogLevel checks against
        f.setAccessible(true);
        return (Set<String>) f.get(null);
    }

    /** A Kubernetes memory quantity in bytes: 400Mi, 1Gi, 500M, 123. */
    static long bytes(String quantity) {
        Matcher m = Pattern.compile("([0-9]+)(Ki|Mi|Gi|Ti|k|M|G|T)?").matcher(quantity);
        assertTrue(m.matches(), "not a memory quantity: \"" + quantity + "\"");
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        return n * switch (unit) {
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            case "k" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            default -> 1L;
        };
    }

    /** A Kubernetes CPU quantity in cores: 500m, 1, 0.5; 0 for none. */
    static double cpu(String quantity) {
        if (quantity.isEmpty()) {
            return 0;
        }
        assertTrue(quantity.matches("[0-9]+(\\.[0-9]+)?m?"), "not a cpu quantity: \"" + quantity + "\"");
        return quantity.endsWith("m") ? Double.parseDouble(quantity.substring(0, quantity.length() - 1)) / 1000
                : Double.parseDouble(quantity);
    }
}
