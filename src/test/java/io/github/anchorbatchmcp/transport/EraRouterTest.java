package io.github.anchorbatchmcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.transport.EraRouter.Route;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The era rules, one message at a time, as EraRouter's javadoc states them. */
class EraRouterTest {

    private final EraRouter router = new EraRouter();

    private Route request(String method, Envelope envelope) {
        return router.route(method, true, envelope);
    }

    @Test
    void discoverIsAnsweredByTheModernServerAndPinsNothing() {
        assertEquals(Route.MODERN, request("server/discover", Envelope.VALID));
        assertEquals(Route.MODERN, request("server/discover", Envelope.VALID));
        assertFalse(router.pinned());
        assertEquals(Route.LEGACY, request("initialize", Envelope.NONE), "Claude Code probes, then initializes");
        assertTrue(router.pinned());
        assertEquals(Route.LEGACY, request("tools/list", Envelope.NONE));
    }

    @Test
    void aModernRequestPinsTheModernEra() {
        assertEquals(Route.MODERN, request("tools/list", Envelope.VALID));
        assertTrue(router.pinned());
        assertEquals(Route.MODERN, request("initialize", Envelope.NONE), "the modern server answers it with -32022");
        assertEquals(Route.MODERN, request("tools/call", Envelope.NONE), "and this one with -32602");
        assertEquals(Route.MODERN, router.route("notifications/initialized", false, Envelope.NONE));
    }

    @Test
    void initializePinsTheLegacyEraAndRefusesModernRequestsAfter() {
        assertEquals(Route.LEGACY, request("initialize", Envelope.NONE));
        assertEquals(Route.REFUSE, request("tools/call", Envelope.VALID));
        assertEquals(Route.REFUSE, request("server/discover", Envelope.VALID));
        assertEquals(Route.REFUSE, request("tools/list", Envelope.INVALID));
        assertEquals(Route.LEGACY, router.route("notifications/initialized", false, Envelope.NONE));
        assertEquals(Route.LEGACY, router.route(null, false, Envelope.NONE), "a response to the legacy session");
    }

    @Test
    void anyEnvelopelessRequestOpensTheLegacyEra() {
        assertEquals(Route.LEGACY, request("tools/list", Envelope.NONE));
        assertTrue(router.pinned());
        assertEquals(Route.REFUSE, request("tools/list", Envelope.VALID));
    }

    @Test
    void anInvalidEnvelopeIsAnsweredWithTheModernErrorAndOpensNothing() {
        assertEquals(Route.MODERN, request("tools/list", Envelope.INVALID));
        assertFalse(router.pinned());
        assertEquals(Route.LEGACY, request("initialize", Envelope.NONE));
    }

    @Test
    void notificationsAndResponsesOpenNothing() {
        assertEquals(Route.MODERN, router.route("notifications/progress", false, Envelope.VALID));
        assertEquals(Route.LEGACY, router.route("notifications/initialized", false, Envelope.NONE));
        assertEquals(Route.DROP, router.route(null, false, Envelope.NONE));
        assertFalse(router.pinned());
    }

    @Test
    void theEnvelopeIsReadFromParamsMeta() throws Exception {
        JsonMapper json = JsonMapper.shared();
        List<String> v = ModernServer.VERSIONS;
        assertEquals(Envelope.NONE, Envelope.of(null, v));
        assertEquals(Envelope.NONE, Envelope.of(json.readTree("{\"protocolVersion\":\"2025-06-18\"}"), v));
        assertEquals(Envelope.NONE, Envelope.of(json.readTree("{\"_meta\":{\"progressToken\":1}}"), v));
        assertEquals(Envelope.NONE, Envelope.of(json.readTree("{\"_meta\":7}"), v));
        assertEquals(Envelope.VALID, Envelope.of(json.readTree("{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":"
                + "\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}"), v));
        assertEquals(Envelope.INVALID, Envelope.of(json.readTree("{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":"
                + "\"2026-07-28\"}}"), v), "capabilities are required");
        assertEquals(Envelope.INVALID, Envelope.of(json.readTree("{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":"
                + "\"2099-01-01\",\"io.modelcontextprotocol/clientCapabilities\":{}}}"), v), "an unsupported version");
        assertEquals(Envelope.INVALID, Envelope.of(json.readTree("{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":"
                + "20260728,\"io.modelcontextprotocol/clientCapabilities\":{}}}"), v), "not a string");
    }
}
