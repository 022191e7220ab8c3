package io.github.anchorbatchmcp.transport;

import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;

/**
 * The {@code server/discover} answer, written as text without building the modern server. A client
 * in automatic mode starts this server once only to ask this (then starts it again for real): that
 * process then answers at once, before any SDK type is loaded. It is the answer the modern server
 * gives ({@code DiscoverAnswerTest} compares the two); every later request goes to that server.
 */
final class DiscoverAnswer {

    private final String result;

    DiscoverAnswer(ServerIdentity identity, Catalog catalog) {
        StringBuilder versions = new StringBuilder();
        for (String v : ModernServer.VERSIONS) {
            versions.append(versions.isEmpty() ? "" : ",").append(quote(v));
        }
        result = "{\"supportedVersions\":[" + versions + "],"
                + "\"capabilities\":{"
                + (catalog.prompts() == null ? "" : "\"prompts\":{\"listChanged\":false},")
                + (catalog.resources() == null ? "" : "\"resources\":{\"subscribe\":false,\"listChanged\":false},")
                + "\"tools\":{\"listChanged\":false}},"
                + "\"instructions\":" + quote(catalog.tools().instructions()) + ","
                + "\"ttlMs\":" + ModernServer.CACHE_TTL_MS + ",\"cacheScope\":\"public\",\"resultType\":\"complete\","
                + "\"_meta\":{\"io.modelcontextprotocol/serverInfo\":{\"name\":" + quote(identity.name())
                + ",\"version\":" + quote(identity.version()) + "}}}";
    }

    /** The whole response line for the request with this id (a string or an integer, as the gate checked). */
    String forRequest(JsonNode id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}";
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        JsonStringEncoder.getInstance().quoteAsString(s, out);
        return out.append('"').toString();
    }
}
