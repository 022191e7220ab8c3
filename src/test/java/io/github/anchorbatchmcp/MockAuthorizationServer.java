package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real OAuth 2.0 authorization server on loopback: {@code no.nav.security:mock-oauth2-server}
 * (declared in {@code src/test/oauth/pom.xml}, resolved by Maven on first use), run as a process of
 * its own because it needs OkHttp 4 and this project's tests have OkHttp 5. It signs real JWTs with
 * its own RS256 key, publishes it at its {@code jwks_uri}, and serves OpenID Connect discovery and RFC
 * 8414 metadata (appended to the issuer) for the issuer {@code http://127.0.0.1:PORT/team}. Its token
 * endpoint issues any client, authenticated with client_secret_basic, an {@code at+jwt} access token for
 * the client_credentials grant: {@code sub} service-account-CLIENT, {@code client_id} CLIENT,
 * {@code aud} the RFC 8707 {@code resource} asked for, {@code scope} the scope asked for.
 */
final class MockAuthorizationServer implements AutoCloseable {

    static final String ISSUER_ID = "team";
    static final Path POM = Path.of("src", "test", "oauth", "pom.xml");
    static final Path CLASSPATH = Path.of("target", "oauth-server.classpath").toAbsolutePath();
    static final String MAIN = "no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt";

    static final String CONFIG = """
            {"interactiveLogin": false, "httpServer": "NettyWrapper",
             "tokenCallbacks": [{"issuerId": "team", "tokenExpiry": 300, "requestMappings": [
               {"requestParam": "grant_type", "match": "client_credentials", "typeHeader": "at+jwt",
                "claims": {"sub": "service-account-${client_id}", "client_id": "${client_id}",
                           "aud": ["${resource}"], "scope": "${scope}"}}]}]}
            """;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path log;
    private final int port;

    private MockAuthorizationServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** The classpath of the server: resolved once by Maven into target/, then read from there. */
    static String classpath() throws IOException, InterruptedException {
        if (Files.exists(CLASSPATH)) {
            String cp = Files.readString(CLASSPATH).strip();
            if (!cp.isEmpty() && Arrays.stream(cp.split(java.io.File.pathSeparator)).allMatch(p -> Files.exists(Path.of(p)))) {
                return cp;
            }
        }
        Path mvnw = Path.of("mvnw").toAbsolutePath();
        Process maven = new ProcessBuilder(mvnw.toString(), "-B", "-q", "-f", POM.toString(),
                "dependency:build-classpath", "-Dmdep.outputFile=" + CLASSPATH).redirectErrorStream(true).start();
        maven.getOutputStream().close();
        String out = new String(maven.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(maven.waitFor(5, TimeUnit.MINUTES), "Maven resolving mock-oauth2-server did not end: " + out);
        assertEquals(0, maven.exitValue(), "Maven could not resolve mock-oauth2-server: " + out);
        return Files.readString(CLASSPATH).strip();
    }

    static MockAuthorizationServer start() throws Exception {
        String cp = classpath();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("mock-oauth2-server", ".log");
        ProcessBuilder b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", cp, MAIN).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        b.environment().put("SERVER_HOSTNAME", "127.0.0.1");
        b.environment().put("SERVER_PORT", Integer.toString(port));
        b.environment().put("JSON_CONFIG", CONFIG);
        MockAuthorizationServer server = new MockAuthorizationServer(b.start(), log, port);
        server.process.getOutputStream().close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && server.process.isAlive()) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.issuer()
                        + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return server;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        String out = server.log();
        server.close();
        throw new IllegalStateException("mock-oauth2-server did not answer its metadata: " + out);
    }

    String issuer() {
        return "http://127.0.0.1:" + port + "/" + ISSUER_ID;
    }

    /** The token endpoint's answer to a client_credentials request; {@code resource} null for none. */
    JsonNode tokenResponse(String clientId, String scope, String resource) throws Exception {
        List<String> form = new ArrayList<>(List.of("grant_type=client_credentials", "scope=" + enc(scope)));
        if (resource != null) {
            form.add("resource=" + enc(resource));
        }
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(issuer() + "/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":it-secret")
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", form))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r::body);
        return JsonMapper.shared().readTree(r.body());
    }

    /** An access token for {@code clientId} with {@code scope}, for {@code resource}. */
    String token(String clientId, String scope, String resource) throws Exception {
        return tokenResponse(clientId, scope, resource).path("access_token").asString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException | IOException e) {
            process.destroyForcibly();
        }
    }
}
