package io.github.anchorbatchmcp.anchor;

import static io.github.anchorbatchmcp.anchor.LoopbackApi.apiError;
import static io.github.anchorbatchmcp.anchor.LoopbackApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A custom proxy's password goes to the API in the create body, and nowhere else: not in outcomes, not in logs. */
class AnchorSecretsTest {

    static final String PASSWORD = "pr0xy-S3cret/with:odd@chars";
    static final String ENCODED = URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8).replace("+", "%20");

    private LoopbackApi api;
    private final List<String> logged = new ArrayList<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream realStderr;
    private final Logger okhttp = Logger.getLogger("okhttp3");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r.getMessage() + " " + r.getThrown());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() throws Exception {
        api = new LoopbackApi().start();
        api.neverSay(PASSWORD);
        api.neverSay(ENCODED);
        // OkHttp logs through java.util.logging; let it say all it would, and keep it.
        okhttp.setLevel(Level.ALL);
        okhttp.addHandler(capture);
        realStderr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws Exception {
        System.setErr(realStderr);
        okhttp.removeHandler(capture);
        okhttp.setLevel(null);
        api.close(); // checks every recorded message
        String everything = String.join("\n", logged) + stderr.toString(StandardCharsets.UTF_8);
        assertFalse(everything.contains(PASSWORD) || everything.contains(ENCODED), everything);
    }

    private static CreateRequest withCustomProxy() {
        Map<String, Object> proxy = Map.of("type", "custom", "server", "http://proxy.example:8080",
                "username", "agent", "password", PASSWORD, "active", true);
        return new CreateRequest(2, Map.of("session", Map.of("proxy", proxy)), Map.of("job", "checkout"));
    }

    @Test
    void thePasswordIsSentToTheApiInTheBody() throws Exception {
        api.server.enqueue(json(201, Fixtures.body("created")));
        assertInstanceOf(CreateOutcome.Created.class, api.client().create(withCustomProxy()));
        String body = api.server.takeRequest().getBody().utf8();
        assertTrue(body.contains("\"password\":\"" + PASSWORD + "\""), "the API needs it: " + body.length() + " bytes");
    }

    @Test
    void anEchoOfThePasswordIsMaskedInEveryOutcome() throws Exception {
        String echo = "proxy http://agent:" + PASSWORD + "@proxy.example:8080 (" + ENCODED + ") refused";
        api.server.enqueue(apiError(400, echo));
        api.server.enqueue(apiError(402, echo));
        api.server.enqueue(apiError(500, echo));
        api.server.enqueue(json(201, "{\"data\": {\"batch_id\": \"b\", \"status\": \"" + echo + "\"}}"));
        api.server.enqueue(json(201, PASSWORD + " is not JSON"));
        api.server.enqueue(new MockResponse.Builder(apiError(429, echo)).setHeader("Retry-After", "600").build());
        AnchorClient client = api.client();

        CallFailure.Rejected rejected = assertInstanceOf(CallFailure.Rejected.class, client.create(withCustomProxy()));
        assertEquals("proxy http://agent:***@proxy.example:8080 (***) refused", rejected.apiMessage());
        api.message(rejected);
        api.message(client.create(withCustomProxy())); // 402
        api.message(client.create(withCustomProxy())); // 500: unconfirmed
        CreateOutcome.Created created = assertInstanceOf(CreateOutcome.Created.class, client.create(withCustomProxy()));
        assertEquals("proxy http://agent:***@proxy.example:8080 (***) refused", created.batch().status());
        String unreadable = api.message(client.create(withCustomProxy()));
        assertTrue(unreadable.contains("invalid JSON"), unreadable);
        api.message(client.create(withCustomProxy())); // 429
        assertEquals(6, api.server.getRequestCount());
    }

    @Test
    void failuresWithoutAnAnswerDoNotCarryItEither() throws Exception {
        api.server.enqueue(new MockResponse.Builder(json(201, Fixtures.body("created")))
                .headersDelay(3, TimeUnit.SECONDS).build());
        api.message(api.client().create(withCustomProxy()));
        String url = api.baseUrl();
        api.server.close();
        api.message(api.client(url, http -> http, api.sleeps::add).create(withCustomProxy()));
    }

    @Test
    void theRequestItselfNeverPrintsIt() {
        CreateRequest request = withCustomProxy();
        assertEquals("CreateRequest[count=2, configuration=given, metadata=given]", request.toString());
        assertEquals(List.of(PASSWORD), request.secrets());
    }

    /** A value Jackson cannot write, whose failure would quote the password. */
    public static final class Unwritable {
        public String getValue() {
            throw new IllegalStateException("cannot read " + PASSWORD);
        }
    }

    @Test
    void aValueThatCannotBeJsonIsRefusedWithoutQuotingTheConfiguration() {
        Map<String, Object> configuration = Map.of("session", Map.of("proxy", Map.of("password", PASSWORD)),
                "odd", new Unwritable());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> api.client().create(new CreateRequest(1, configuration, null)));
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        assertTrue(e.getMessage().startsWith("configuration or metadata holds a value that cannot be written as JSON"));
        assertEquals(0, api.server.getRequestCount());
    }
}
