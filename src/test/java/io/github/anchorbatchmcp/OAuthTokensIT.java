package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import io.github.anchorbatchmcp.demo.DemoBatches;
import io.github.anchorbatchmcp.tools.BatchStatusTool;
import io.github.anchorbatchmcp.tools.BrowseTool;
import io.github.anchorbatchmcp.tools.CancelBatchTool;
import io.github.anchorbatchmcp.tools.CreateBatchTool;
import io.github.anchorbatchmcp.tools.ListBatchesTool;
import io.github.anchorbatchmcp.tools.RetryBatchTool;
import io.github.anchorbatchmcp.tools.TaskTool;
import io.github.anchorbatchmcp.tools.WaitTool;
import io.github.anchorbatchmcp.transport.auth.TestIssuer;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built jar with {@code --http} and OAuth against an issuer of the test's own in this JVM
 * ({@link TestIssuer}: keys made here, tokens signed here), for what a real authorization server will
 * not issue: expired and not-yet-valid tokens, other audiences and issuers, bad signatures, alg none,
 * HMAC; a key published after start; the access log against log injection; a read-only token sending
 * nothing to Anchor for anything that changes or costs (an API that counts requests); an issuer not
 * yet up (503, then served once it is, on a non-loopback binding with ANCHOR_MCP_PUBLIC_URL); and the
 * start-up rules. One --demo jar for most of the class; the others each need their own.
 */
class OAuthTokensIT {

    static TestIssuer issuer;
    static OAuthJar server;
    static final List<String> tokens = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startTheIssuerAndTheJar() throws Exception {
        issuer = TestIssuer.start();
        server = OAuthJar.start("127.0.0.1:0", Map.of(OAuthJar.ISSUER, issuer.issuer()), "--demo");
    }

    @AfterAll
    static void noTokenWasLoggedThenStop() {
        try {
            if (server != null) {
                server.assertLogHoldsNone(tokens);
            }
        } finally {
            if (server != null) {
                server.close();
            }
            if (issuer != null) {
                issuer.close();
            }
        }
    }

    private static String kept(String token) {
        tokens.add(token);
        return token;
    }

    private static TestIssuer.Token token() {
        return issuer.token(server.url());
    }

    // ---- refused

    private static final byte[] SECRET = new byte[32];

    static {
        new SecureRandom().nextBytes(SECRET);
    }

    /**
     * Every kind signed with a key the issuer published (or none): none makes the server look for a
     * key id it does not know, which would spend the refetch the rotation test needs.
     */
    static Stream<Arguments> invalidTokens() {
        return Stream.of(
                Arguments.of("expired", (Supplier<String>) () -> token().expiresIn(Duration.ofMinutes(-5)).sign()),
                Arguments.of("not valid before 5 minutes from now", (Supplier<String>) () -> token()
                        .notBefore(Duration.ofMinutes(5)).sign()),
                Arguments.of("for another resource", (Supplier<String>) () -> token()
                        .audience("https://other.example/mcp").sign()),
                Arguments.of("of another issuer", (Supplier<String>) () -> token()
                        .issuer("https://idp.other.example/realms/it").sign()),
                Arguments.of("bad signature", (Supplier<String>) () -> {
                    String[] t = token().sign().split("\\.");
                    String[] other = token().subject("mallory").sign().split("\\.");
                    return t[0] + "." + other[1] + "." + t[2];
                }),
                Arguments.of("alg none", (Supplier<String>) () -> token().unsigned()),
                Arguments.of("HS256", (Supplier<String>) () -> token().hmac(SECRET)),
                Arguments.of("an opaque string", (Supplier<String>) () -> "mF_9.B5f-4.1JqM"),
                Arguments.of("an opaque string without dots", (Supplier<String>) () -> "2YotnFZFEjr1zCsicMWpAA"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTokens")
    void aTokenThatIsNotValidHereIs401InvalidTokenInBothEras(String name, Supplier<String> make) throws Exception {
        String t = kept(make.get());
        String args = "{\"batch_id\":\"" + DemoBatches.COMPLETED + "\"}";
        for (HttpResponse<String> r : List.of(server.legacyCall(t, BatchStatusTool.NAME, args),
                server.modernCall(t, BatchStatusTool.NAME, args))) {
            assertEquals(401, r.statusCode(), name + ": " + r.body());
            Map<String, String> ch = OAuthJar.challenge(r);
            assertEquals("invalid_token", ch.get("error"), ch::toString);
            assertEquals("anchor:read", ch.get("scope"));
            assertEquals(server.base() + "/.well-known/oauth-protected-resource/mcp", ch.get("resource_metadata"));
            assertFalse(r.body().contains(t), "the token is not repeated");
        }
    }

    @Test
    void noTokenOrATokenInTheQueryIs401AndATokenInTheQueryIsNeverTaken() throws Exception {
        HttpResponse<String> none = server.post(OAuthJar.INITIALIZE);
        assertEquals(401, none.statusCode());
        assertNull(OAuthJar.challenge(none).get("error"));
        String valid = kept(token().sign());
        HttpResponse<String> query = OAuthJar.postTo(server.mcp() + "?access_token=" + valid, OAuthJar.INITIALIZE);
        assertEquals(401, query.statusCode());
        assertEquals("invalid_request", OAuthJar.challenge(query).get("error"));
        HttpResponse<String> both = OAuthJar.postTo(server.mcp() + "?x=1&access_token=" + valid, OAuthJar.INITIALIZE,
                "Authorization", "Bearer " + valid);
        assertEquals(401, both.statusCode(), "refused even beside a valid header");
        assertEquals(200, server.postWith(valid, OAuthJar.INITIALIZE).statusCode());
    }

    @Test
    void rs256Ps256Es256AndEs384AreServed() throws Exception {
        for (Object[] k : new Object[][] {{issuer.rsa, JWSAlgorithm.RS256}, {issuer.rsa, JWSAlgorithm.PS256},
            {issuer.p256, JWSAlgorithm.ES256}, {issuer.p384, JWSAlgorithm.ES384}}) {
            String t = kept(token().signedWith((com.nimbusds.jose.jwk.JWK) k[0], (JWSAlgorithm) k[1]).sign());
            assertEquals(ServerProcess.TOOLS.size(), OAuthJar.result(server.post(OAuthJar.LIST, "Authorization",
                    "Bearer " + t, "MCP-Protocol-Version", "2025-06-18")).path("tools").size(), k[1].toString());
        }
    }

    // ---- keys

    @Test
    void aKeyPublishedAfterStartIsTakenWithoutARestart() throws Exception {
        assertEquals(200, server.postWith(kept(token().sign()), OAuthJar.INITIALIZE).statusCode(), "the keys are cached");
        int fetches = issuer.jwksFetches();
        RSAKey rotated = issuer.newRsaKey();
        ECKey rotatedEc = issuer.newEcKey();
        String before = kept(token().signedWith(rotated, JWSAlgorithm.RS256).sign());
        issuer.publish(rotated);
        issuer.publish(rotatedEc);
        HttpResponse<String> r = server.postWith(before, OAuthJar.INITIALIZE);
        assertEquals(200, r.statusCode(), "signed before it was published, sent after: " + r.body());
        assertEquals(fetches + 1, issuer.jwksFetches(), "one fetch of the key set");
        String args = "{\"batch_id\":\"" + DemoBatches.COMPLETED + "\"}";
        JsonNode modern = OAuthJar.result(server.modernCall(kept(token().signedWith(rotatedEc, JWSAlgorithm.ES256)
                .sign()), BatchStatusTool.NAME, args));
        assertFalse(modern.path("isError").asBoolean(), modern::toString);
        assertEquals(fetches + 1, issuer.jwksFetches(), "the second new key came with the same fetch");
        server.process().stderr().lines().filter(l -> l.contains("Exception")).findFirst()
                .ifPresent(l -> { throw new AssertionError("the server logged " + l); });
    }

    // ---- who

    @Test
    void theAccessLogNamesSubjectAndClientOnOneLineEachAndNeverTheToken() throws Exception {
        String alice = kept(token().subject("alice@example.com").claim("client_id", "claude-desktop").sign());
        server.postWith(alice, OAuthJar.INITIALIZE);
        assertTrue(server.awaitLogLine("client=claude-desktop").endsWith(" sub=alice@example.com client=claude-desktop"));

        String bob = kept(token().subject("bob").without("client_id").sign());
        server.legacyCall(bob, ListBatchesTool.NAME, "{}");
        String line = server.awaitLogLine("tools/call list_batch_sessions 200", "sub=bob");
        assertTrue(line.endsWith(" sub=bob"), "no client claim, no client: " + line);

        String eve = kept(token().subject("eve\nhttp POST /mcp legacy initialize 200 1ms sub=admin")
                .claim("client_id", "x".repeat(300)).sign());
        server.postWith(eve, OAuthJar.INITIALIZE);
        String eveLine = server.awaitLogLine("sub=eve?http?POST");
        assertTrue(eveLine.contains(" client=" + "x".repeat(63) + "~"), eveLine);
        assertFalse(server.process().stderr().lines().anyMatch(l -> l.startsWith("http POST /mcp legacy initialize 200 1ms"
                + " sub=admin")), "a claim cannot add a line");
        server.assertLogHoldsNone(tokens);
    }

    // ---- scopes, with an API that counts what reaches it

    /**
     * A read-only token against an API that answers 404 to everything and counts: the reads reach it,
     * and every call that changes or costs (create, cancel, retry, run a task, browse a page) is
     * refused with 403 insufficient_scope in both eras, reaching nothing; so are the forms a parser
     * might read differently (a batch, a duplicate name, comments and trailing commas). A token with
     * anchor:write does reach it, and one with neither scope is refused even the tool list.
     */
    @Test
    void aReadOnlyTokenSendsNothingToAnchorForWhatChangesOrCosts() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (MockWebServer anchor = new MockWebServer()) {
            anchor.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    seen.add(request.getMethod() + " " + request.getTarget());
                    return new MockResponse.Builder().code(404).setHeader("Content-Type", "application/json")
                            .body("{\"error\":{\"code\":404,\"message\":\"Batch not found\"}}").build();
                }
            });
            anchor.start();
            try (OAuthJar b = OAuthJar.start("127.0.0.1:0", Map.of(OAuthJar.ISSUER, issuer.issuer(), "ANCHOR_API_KEY",
                    "k", "ANCHOR_BASE_URL", anchor.url("/").toString(), "ANCHOR_MAX_RETRIES", "0"))) {
                String reader = kept(issuer.token(b.url()).scope("anchor:read").sign());
                String batch = "{\"batch_id\":\"" + DemoBatches.COMPLETED + "\"";
                for (String[] read : new String[][] {{BatchStatusTool.NAME, batch + "}"}, {ListBatchesTool.NAME, "{}"},
                    {WaitTool.NAME, batch + ",\"timeout_seconds\":1}"}, {BrowseTool.NAME, batch + "}"}}) {
                    int before = seen.size();
                    HttpResponse<String> r = b.legacyCall(reader, read[0], read[1]);
                    assertEquals(200, r.statusCode(), read[0] + ": " + r.body());
                    assertTrue(seen.size() > before, read[0] + " reached the API");
                }
                seen.clear();

                List<String[]> changes = List.of(new String[] {CreateBatchTool.NAME, "{\"count\":2}"},
                        new String[] {CancelBatchTool.NAME, batch + "}"}, new String[] {RetryBatchTool.NAME, batch + "}"},
                        new String[] {TaskTool.NAME, batch + ",\"prompt\":\"Find the price\"}"},
                        new String[] {BrowseTool.NAME, batch + ",\"url\":\"https://example.com/\"}"},
                        new String[] {BrowseTool.NAME, batch + ",\"urls\":[\"https://example.com/\"]}"});
                String expected = "Bearer error=\"insufficient_scope\", scope=\"anchor:read anchor:write\","
                        + " resource_metadata=\"" + b.base() + "/.well-known/oauth-protected-resource/mcp\"";
                for (String[] c : changes) {
                    for (HttpResponse<String> r : List.of(b.legacyCall(reader, c[0], c[1]), b.modernCall(reader, c[0],
                            c[1]))) {
                        assertEquals(403, r.statusCode(), c[0] + " " + c[1] + ": " + r.body());
                        assertEquals(expected, r.headers().firstValue("WWW-Authenticate").orElse(null), c[0]);
                    }
                }
                String create = "\"method\":\"tools/call\",\"params\":{\"name\":\"create_batch_sessions\",\"arguments\":"
                        + "{\"count\":2}}";
                List<String> oddForms = List.of(
                        "[{\"jsonrpc\":\"2.0\",\"id\":1," + create + "}]",
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":"
                                + "\"get_batch_session_status\",\"arguments\":{\"count\":2},\"name\":\"create_batch_sessions\"}}",
                        "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"id\":1," + create + "}",
                        "{\"jsonrpc\":\"2.0\",/* c */\"id\":1," + create + "}",
                        "{\"jsonrpc\":\"2.0\",\"id\":1," + create + ",}",
                        "{'jsonrpc':'2.0','id':1,'method':'tools/call','params':{'name':'create_batch_sessions',"
                                + "'arguments':{'count':2}}}",
                        "\uFEFF{\"jsonrpc\":\"2.0\",\"id\":1," + create + "}");
                for (String body : oddForms) {
                    HttpResponse<String> legacy = b.post(body, "Authorization", "Bearer " + reader);
                    HttpResponse<String> modern = b.post(body, "Authorization", "Bearer " + reader,
                            "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name",
                            CreateBatchTool.NAME);
                    assertFalse(legacy.body().contains("Created batch") || modern.body().contains("Created batch"), body);
                    assertEquals(List.of(), seen, "nothing reached the API for " + body + " (" + legacy.statusCode()
                            + " " + legacy.body() + ", " + modern.statusCode() + " " + modern.body() + ")");
                }
                assertEquals(List.of(), seen);

                String none = kept(issuer.token(b.url()).without("scope").sign());
                HttpResponse<String> list = b.post(OAuthJar.LIST, "Authorization", "Bearer " + none);
                assertEquals(403, list.statusCode(), "no anchor scope at all: " + list.body());
                assertEquals("insufficient_scope", OAuthJar.challenge(list).get("error"));

                String writer = kept(issuer.token(b.url()).scope("anchor:read anchor:write").sign());
                assertEquals(200, b.legacyCall(writer, CreateBatchTool.NAME, "{\"count\":2}").statusCode());
                assertTrue(seen.stream().anyMatch(s -> s.startsWith("POST ")), "a write token's create reached it: " + seen);
                b.awaitLogLine("create_batch_sessions 403", "sub=alice");
                b.assertLogHoldsNone(tokens);
            }
        }
    }

    // ---- an issuer not yet up

    @Test
    void anIssuerNotYetUpGets503WhileTheServerStaysUpThenServes() throws Exception {
        String publicUrl = "https://mcp.example.test/mcp";
        try (TestIssuer late = TestIssuer.notStarted(); OAuthJar d = OAuthJar.start("0.0.0.0:0", Map.of(OAuthJar.ISSUER,
                late.issuer(), OAuthJar.PUBLIC_URL, publicUrl), "--demo")) {
            assertTrue(d.url().startsWith("http://0.0.0.0:"), "with OAuth a host that is not loopback is bound: " + d.url());
            JsonNode metadata = JsonMapper.shared().readTree(d.get("/.well-known/oauth-protected-resource/mcp").body());
            assertEquals(publicUrl, metadata.path("resource").asString(), "ANCHOR_MCP_PUBLIC_URL is the resource");
            HttpResponse<String> none = d.post(OAuthJar.INITIALIZE);
            assertEquals(401, none.statusCode());
            assertEquals("https://mcp.example.test/.well-known/oauth-protected-resource/mcp",
                    OAuthJar.challenge(none).get("resource_metadata"));

            String t = kept(late.token(publicUrl).sign());
            HttpResponse<String> away = d.postWith(t, OAuthJar.INITIALIZE);
            assertEquals(503, away.statusCode(), away::body);
            assertEquals("5", away.headers().firstValue("Retry-After").orElse(null));
            assertTrue(away.headers().firstValue("WWW-Authenticate").isEmpty(), "503 is no challenge");
            assertEquals(200, d.get("/healthz").statusCode());
            assertTrue(d.process().pid() > 0 && d.process().awaitExit(0) == -1, "the process is up");

            late.startServing();
            int status = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                status = d.postWith(t, OAuthJar.INITIALIZE).statusCode();
                if (status != 503) {
                    break;
                }
                Thread.sleep(500);
            }
            assertEquals(200, status, "served once the issuer is up, without a restart");
            assertEquals(1, late.metadataFetches(), "asked again once, not at every request");
            d.awaitLogLine("http POST /mcp - 503 ", "(the issuer's keys cannot be had now");
            d.assertLogHoldsNone(List.of(t));
        }
    }

    // ---- start-up rules

    @Test
    void anIssuerWithASharedTokenOrAPublicUrlWithoutAnIssuerStopsTheServerWithExit2() throws Exception {
        assertRefusesToStart(Map.of(OAuthJar.ISSUER, issuer.issuer(), "ANCHOR_MCP_HTTP_TOKEN", "tok-canary-91"),
                "127.0.0.1:0", OAuthJar.ISSUER, "ANCHOR_MCP_HTTP_TOKEN");
        assertRefusesToStart(Map.of(OAuthJar.PUBLIC_URL, "https://mcp.example.test/mcp"), "127.0.0.1:0",
                OAuthJar.PUBLIC_URL, OAuthJar.ISSUER);
        assertRefusesToStart(Map.of(OAuthJar.ISSUER, "http://idp.example.test/realms/it"), "0.0.0.0:0",
                OAuthJar.ISSUER);
    }

    private static void assertRefusesToStart(Map<String, String> env, String address, String... named)
            throws Exception {
        try (ServerProcess p = new ServerProcess(env, "--http", address)) {
            assertEquals(2, p.awaitExit(30), p::stderr);
            List<String> lines = p.stderr().lines().toList();
            assertEquals(1, lines.size(), p::stderr);
            for (String n : named) {
                assertTrue(lines.get(0).contains(n), lines.get(0));
            }
            assertFalse(lines.get(0).contains("canary"), lines.get(0));
        }
    }
}
