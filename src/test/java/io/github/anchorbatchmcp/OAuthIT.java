package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.demo.DemoBatches;
import io.github.anchorbatchmcp.tools.BatchStatusTool;
import io.github.anchorbatchmcp.tools.BrowseTool;
import io.github.anchorbatchmcp.tools.CreateBatchTool;
import io.github.anchorbatchmcp.tools.ListBatchesTool;
import io.github.anchorbatchmcp.tools.WaitTool;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built jar with {@code --http 127.0.0.1:0 --demo} and {@code ANCHOR_MCP_OAUTH_ISSUER}, against a real
 * authorization server on loopback ({@link MockAuthorizationServer}, mock-oauth2-server, its tokens
 * real RS256 JWTs from its token endpoint): the metadata at both paths, the 401 and where it leads,
 * its tokens served in both eras (raw HTTP and both SDK clients), a read-only token reading and
 * refused a create, the access log, and the official TypeScript SDK v1 client with its
 * client-credentials provider finding its way from the 401 alone. One authorization server and one
 * jar for the class.
 */
class OAuthIT {

    static final Path NODE_DIR = Path.of("src", "test", "node");
    static final String READ_WRITE = "anchor:read anchor:write";

    static MockAuthorizationServer idp;
    static OAuthJar server;
    static final List<String> tokens = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startTheAuthorizationServerAndTheJar() throws Exception {
        idp = MockAuthorizationServer.start();
        server = OAuthJar.start("127.0.0.1:0", Map.of(OAuthJar.ISSUER, idp.issuer()), "--demo");
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
            if (idp != null) {
                idp.close();
            }
        }
    }

    /** A token of the authorization server for this deployment. */
    private static String token(String client, String scope) throws Exception {
        String t = idp.token(client, scope, server.url());
        tokens.add(t);
        return t;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    // ---- discovery

    @Test
    void theMetadataIsServedAtBothPathsWithoutAToken() throws Exception {
        JsonNode first = null;
        for (String path : List.of("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource")) {
            HttpResponse<String> r = server.get(path);
            assertEquals(200, r.statusCode(), path + ": " + r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), path);
            JsonNode m = JsonMapper.shared().readTree(r.body());
            assertEquals(server.url(), m.path("resource").asString(), "the binding's URL is the resource");
            assertEquals(List.of(idp.issuer()), strings(m.path("authorization_servers")));
            assertEquals(List.of("anchor:read", "anchor:write"), strings(m.path("scopes_supported")));
            assertEquals(List.of("header"), strings(m.path("bearer_methods_supported")));
            if (first != null) {
                assertEquals(first, m, "the same document at both paths");
            }
            first = m;
        }
        HttpResponse<String> post = OAuthJar.postTo(server.base() + "/.well-known/oauth-protected-resource/mcp", "{}");
        assertEquals(405, post.statusCode());
    }

    @Test
    void the401ChallengeLeadsToTheMetadataAndFromThereToTheAuthorizationServer() throws Exception {
        HttpResponse<String> none = server.post(OAuthJar.INITIALIZE);
        assertEquals(401, none.statusCode(), none::body);
        assertEquals("Bearer resource_metadata=\"" + server.base() + "/.well-known/oauth-protected-resource/mcp\","
                + " scope=\"anchor:read\"", none.headers().firstValue("WWW-Authenticate").orElse(null));
        Map<String, String> challenge = OAuthJar.challenge(none);
        assertNull(challenge.get("error"), "no token sent, no error");

        HttpResponse<String> metadata = OAuthJar.getUrl(challenge.get("resource_metadata"));
        assertEquals(200, metadata.statusCode());
        String as = JsonMapper.shared().readTree(metadata.body()).path("authorization_servers").path(0).asString();
        HttpResponse<String> asMetadata = OAuthJar.getUrl(as + "/.well-known/openid-configuration");
        assertEquals(200, asMetadata.statusCode(), "the issuer the metadata names answers its own metadata");
        assertEquals(as, JsonMapper.shared().readTree(asMetadata.body()).path("issuer").asString());
        assertEquals(401, server.post(OAuthJar.LIST, "MCP-Protocol-Version", "2026-07-28").statusCode());
    }

    // ---- tokens served

    @Test
    void aTokenOfTheAuthorizationServerIsServedInBothErasOverRawHttp() throws Exception {
        String t = token("it-writer", READ_WRITE);
        JsonNode init = OAuthJar.result(server.postWith(t, OAuthJar.INITIALIZE));
        assertEquals("2025-06-18", init.path("protocolVersion").asString());
        assertEquals(ServerProcess.TOOLS.size(), OAuthJar.result(server.post(OAuthJar.LIST, "Authorization",
                "Bearer " + t, "MCP-Protocol-Version", "2025-06-18")).path("tools").size());
        String args = "{\"batch_id\":\"" + DemoBatches.COMPLETED + "\"}";
        JsonNode legacy = OAuthJar.result(server.legacyCall(t, BatchStatusTool.NAME, args));
        JsonNode modern = OAuthJar.result(server.modernCall(t, BatchStatusTool.NAME, args));
        assertFalse(legacy.path("isError").asBoolean(), legacy::toString);
        assertEquals(legacy.path("structuredContent"), modern.path("structuredContent"));
        assertEquals("complete", modern.path("resultType").asString(), modern::toString);
    }

    @Test
    void bothSdkClientsCarryingTheTokenInAHeaderListAndCall() throws Exception {
        String t = token("it-sdk", READ_WRITE);
        HttpClientStreamableHttpTransport legacyTransport = HttpClientStreamableHttpTransport.builder(server.base())
                .endpoint("/mcp").httpRequestCustomizer((b, method, uri, body, context) -> b.header("Authorization",
                        "Bearer " + t)).build();
        try (var client = io.modelcontextprotocol.client.McpClient.sync(legacyTransport)
                .requestTimeout(Duration.ofSeconds(30)).build()) {
            client.initialize();
            assertEquals(ServerProcess.TOOLS, client.listTools().tools().stream()
                    .map(io.modelcontextprotocol.spec.McpSchema.Tool::name).toList());
            CallToolResult status = client.callTool(CallToolRequest.builder(BatchStatusTool.NAME)
                    .arguments(Map.of("batch_id", DemoBatches.COMPLETED)).build());
            assertFalse(Boolean.TRUE.equals(status.isError()), status::toString);
            assertTrue(((TextContent) status.content().get(0)).text().contains(DemoBatches.COMPLETED));
        }

        HttpClientMcpTransport modernTransport = HttpClientMcpTransport.builder(server.url())
                .requestCustomizer(McpHttpRequestCustomizer.fromSync((request, headers, context) -> headers.set(
                        "Authorization", "Bearer " + t))).build();
        McpSyncClient modern = McpClient.sync(modernTransport)
                .clientInfo(McpSchema.Implementation.builder("oauth-it", "1").build())
                .roundTimeout(Duration.ofSeconds(30)).build();
        assertEquals(ServerProcess.TOOLS, modern.listTools().skipCache().list().tools().stream()
                .map(McpSchema.Tool::name).toList());
        McpSchema.CallToolResult waited = modern.tool(WaitTool.NAME).arguments(Map.of("batch_id",
                DemoBatches.COMPLETED)).call();
        assertFalse(Boolean.TRUE.equals(waited.isError()), waited::toString);
        server.awaitLogLine("modern tools/call " + WaitTool.NAME + " 200 ", "client=it-sdk");
        server.awaitLogLine("legacy tools/call " + BatchStatusTool.NAME + " 200 ", "client=it-sdk");
    }

    // ---- tokens refused

    @Test
    void aTokenForAnotherResourceOrWithoutOneTamperedOrInTheQueryIs401() throws Exception {
        String other = idp.token("it-other", READ_WRITE, "http://127.0.0.1:1/mcp");
        String noResource = idp.token("it-other", READ_WRITE, null);
        String good = token("it-good", READ_WRITE);
        String[] p = good.split("\\.");
        char c = p[2].charAt(10);
        String tampered = p[0] + "." + p[1] + "." + p[2].substring(0, 10) + (c == 'A' ? 'B' : 'A') + p[2].substring(11);
        tokens.addAll(List.of(other, noResource, tampered));
        for (String t : List.of(other, noResource, tampered, "opaque-" + p[2].substring(0, 20))) {
            HttpResponse<String> r = server.postWith(t, OAuthJar.INITIALIZE);
            assertEquals(401, r.statusCode(), r::body);
            Map<String, String> ch = OAuthJar.challenge(r);
            assertEquals("invalid_token", ch.get("error"), ch::toString);
            assertEquals("anchor:read", ch.get("scope"));
            assertEquals(server.base() + "/.well-known/oauth-protected-resource/mcp", ch.get("resource_metadata"));
        }
        HttpResponse<String> inQuery = OAuthJar.postTo(server.mcp() + "?access_token=" + good, OAuthJar.INITIALIZE,
                "Authorization", "Bearer " + good);
        assertEquals(401, inQuery.statusCode(), "a valid token in the query is refused, even with the header");
        assertEquals("invalid_request", OAuthJar.challenge(inQuery).get("error"));
        assertEquals(401, OAuthJar.postTo(server.mcp() + "?access_token=" + good, OAuthJar.INITIALIZE).statusCode());
        assertEquals(200, server.postWith(good, OAuthJar.INITIALIZE).statusCode(), "the same token in the header");
    }

    // ---- scopes

    @Test
    void aReadOnlyTokenReadsAndIsRefusedACreateWith403() throws Exception {
        String reader = token("it-reader", "anchor:read");
        String batch = "{\"batch_id\":\"" + DemoBatches.COMPLETED + "\"}";
        for (String[] call : new String[][] {{BatchStatusTool.NAME, batch}, {ListBatchesTool.NAME, "{\"limit\":2}"},
            {WaitTool.NAME, batch}, {BrowseTool.NAME, batch}}) {
            JsonNode r = OAuthJar.result(server.legacyCall(reader, call[0], call[1]));
            assertFalse(r.path("isError").asBoolean(), call[0] + ": " + r);
            JsonNode m = OAuthJar.result(server.modernCall(reader, call[0], call[1]));
            assertFalse(m.path("isError").asBoolean(), call[0] + ": " + m);
        }
        for (HttpResponse<String> create : List.of(server.legacyCall(reader, CreateBatchTool.NAME, "{\"count\":1}"),
                server.modernCall(reader, CreateBatchTool.NAME, "{\"count\":1}"))) {
            assertEquals(403, create.statusCode(), create::body);
            assertEquals("Bearer error=\"insufficient_scope\", scope=\"anchor:read anchor:write\", resource_metadata=\""
                    + server.base() + "/.well-known/oauth-protected-resource/mcp\"",
                    create.headers().firstValue("WWW-Authenticate").orElse(null));
        }
        String writer = token("it-writer", READ_WRITE);
        JsonNode created = OAuthJar.result(server.legacyCall(writer, CreateBatchTool.NAME, "{\"count\":1}"));
        assertFalse(created.path("isError").asBoolean(), created::toString);
    }

    // ---- who

    @Test
    void theAccessLogNamesTheSubjectAndTheClientOfEachRequest() throws Exception {
        String t = token("it-logged", "anchor:read");
        server.postWith(t, OAuthJar.INITIALIZE);
        String line = server.awaitLogLine("client=it-logged");
        assertTrue(line.startsWith("http POST /mcp legacy initialize 200 "), line);
        assertTrue(line.endsWith(" sub=service-account-it-logged client=it-logged"), line);
        server.legacyCall(t, CreateBatchTool.NAME, "{\"count\":1}");
        String refused = server.awaitLogLine("create_batch_sessions 403", "client=it-logged");
        assertTrue(refused.contains(" sub=service-account-it-logged client=it-logged"), refused);
        server.assertLogHoldsNone(tokens);
    }

    // ---- a real OAuth client

    /**
     * The official TypeScript SDK v1 client (1.32.2, {@code src/test/node}) with
     * {@code ClientCredentialsProvider}, given only the URL, its registration and the issuer it expects:
     * from the 401 it reads the metadata, finds the issuer's metadata, gets a token for this resource,
     * lists the tools and calls them. Configured with both scopes it creates a batch; with read only,
     * its create is refused with 403 (the SDK then fetches a token once more and gives up: its
     * client-credentials request asks for the configured scope, not the challenge's). Skipped where
     * node or npm is missing.
     */
    @Test
    void theTypeScriptSdkClientFindsItsWayFromThe401Alone() throws Exception {
        TypeScriptClientIT.nodeAndTheClientAreInstalled();
        JsonNode writer = runTypeScriptClient("ts-writer", READ_WRITE);
        JsonNode trace = writer.path("trace");
        assertEquals(401, trace.path(0).path("status").asInt(), trace::toString);
        assertFalse(trace.path(0).path("bearer").asBoolean());
        assertEquals(server.base() + "/.well-known/oauth-protected-resource/mcp", trace.path(1).path("url").asString());
        JsonNode tokenRequest = null;
        for (JsonNode e : trace) {
            if (e.path("url").asString().equals(idp.issuer() + "/token")) {
                tokenRequest = e;
                break;
            }
        }
        assertTrue(tokenRequest != null, "it found the token endpoint: " + trace);
        assertEquals("client_credentials", tokenRequest.path("form").path("grant_type").asString());
        assertEquals(server.url(), tokenRequest.path("form").path("resource").asString(), "RFC 8707: this resource");
        assertEquals(READ_WRITE, tokenRequest.path("form").path("scope").asString());
        assertEquals(ServerProcess.TOOLS, strings(writer.path("tools")));
        assertFalse(writer.path("status").path("isError").asBoolean(), writer::toString);
        assertTrue(writer.path("status").path("text").asString().startsWith("Batch " + DemoBatches.COMPLETED), writer::toString);
        assertFalse(writer.path("create").path("isError").asBoolean(true), writer::toString);
        server.awaitLogLine("legacy tools/call create_batch_sessions 200 ", "client=ts-writer");
        server.awaitLogLine("legacy tools/list 200 ", " sub=service-account-ts-writer client=ts-writer");

        JsonNode reader = runTypeScriptClient("ts-reader", "anchor:read");
        assertEquals(ServerProcess.TOOLS, strings(reader.path("tools")), "tools/list shows every tool to a reader");
        assertFalse(reader.path("status").path("isError").asBoolean(), reader::toString);
        assertTrue(reader.path("createError").asString().contains("403"), reader::toString);
        server.awaitLogLine("create_batch_sessions 403 ", "client=ts-reader");
    }

    private static JsonNode runTypeScriptClient(String clientId, String scope) throws Exception {
        ProcessBuilder b = new ProcessBuilder("node", "oauth-client.mjs", server.url()).directory(NODE_DIR.toFile());
        b.environment().put("OAUTH_CLIENT_ID", clientId);
        b.environment().put("OAUTH_CLIENT_SECRET", "it-secret");
        b.environment().put("OAUTH_ISSUER", idp.issuer());
        b.environment().put("OAUTH_SCOPE", scope);
        b.environment().put("BATCH", DemoBatches.COMPLETED);
        JsonNode out = TypeScriptClientIT.runNode(b, 90, "the client");
        assertFalse(out.has("failed"), out::toString);
        System.out.println("TypeScript SDK v1 client, " + scope + ": " + out.path("trace").size() + " HTTP exchanges, "
                + out.path("tools").size() + " tools, create " + (out.has("create") ? "done" : out.path("createError")
                .asString()));
        return out;
    }

}
