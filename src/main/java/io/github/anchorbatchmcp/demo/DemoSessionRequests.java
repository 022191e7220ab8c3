package io.github.anchorbatchmcp.demo;

import io.github.anchorbatchmcp.demo.DemoRequests.Refused;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads and checks the requests on one session, refusing (400) what the API would refuse. */
final class DemoSessionRequests {

    private DemoSessionRequests() {
    }

    /** What a fetch-webpage asks for: the page ({@code url}, null for the current one) and its form. */
    record Fetch(String url, boolean html) {
    }

    /**
     * What a perform-web-task asks for, checked. {@code secrets} are the values of {@code secret_values},
     * kept only to be kept out of every answer.
     */
    record Task(String prompt, String url, int maxSteps, JsonNode outputSchema, List<String> secrets,
            boolean async) {
    }

    /** An absolute http or https URL with a host: what a browser can be sent to. */
    static boolean isWebUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            return uri.isAbsolute() && uri.getHost() != null
                    && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The {@code sessionId} query parameter of the tools operations, which they require. */
    static String sessionIdQuery(String rawQuery) {
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals("sessionId")) {
                    String id = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    if (!id.isBlank()) {
                        return id;
                    }
                }
            }
        }
        throw new Refused("sessionId query parameter is required");
    }

    /** The {@code url} of a goto, which it requires. */
    static String gotoUrl(JsonNode body) {
        String url = url(body);
        if (url == null) {
            throw new Refused("url is required");
        }
        return url;
    }

    static Fetch fetch(JsonNode body) {
        JsonNode format = body.path("format");
        if (!format.isMissingNode() && !"markdown".equals(format.asString(null)) && !"html".equals(format.asString(null))) {
            throw new Refused("format must be \"markdown\" or \"html\"");
        }
        nonNegative(body, "wait");
        for (String flag : List.of("new_page", "return_partial_on_timeout")) {
            flag(body, flag);
        }
        // The simulated browser has one page: index 0 is all there is.
        if (nonNegative(body, "page_index") > 0) {
            throw new Refused("page_index out of range: the session has 1 page");
        }
        return new Fetch(url(body), "html".equals(format.asString(null)));
    }

    static Task task(JsonNode body) {
        JsonNode prompt = body.path("prompt");
        if (!prompt.isString() || prompt.stringValue().isBlank()) {
            throw new Refused("prompt is required and must be a non-blank string");
        }
        JsonNode steps = body.path("max_steps");
        if (!steps.isMissingNode() && (!steps.isInt() || steps.intValue() < 1 || steps.intValue() > 200)) {
            throw new Refused("max_steps must be an integer between 1 and 200");
        }
        JsonNode schema = body.path("output_schema");
        if (!schema.isMissingNode() && !schema.isObject()) {
            throw new Refused("output_schema must be an object (a JSON Schema)");
        }
        JsonNode secretValues = body.path("secret_values");
        List<String> secrets = new ArrayList<>();
        if (!secretValues.isMissingNode()) {
            if (!secretValues.isObject()) {
                throw new Refused("secret_values must be an object of strings");
            }
            for (Map.Entry<String, JsonNode> e : secretValues.properties()) {
                if (!e.getValue().isString()) {
                    throw new Refused("secret_values must be an object of strings"); // never the value itself
                }
                secrets.add(e.getValue().stringValue());
            }
        }
        for (String flag : List.of("async", "detect_elements", "highlight_elements", "human_intervention")) {
            flag(body, flag);
        }
        return new Task(prompt.stringValue(), url(body), steps.isMissingNode() ? 200 : steps.intValue(),
                schema.isMissingNode() ? null : schema, List.copyOf(secrets), body.path("async").asBoolean(false));
    }

    /** The optional {@code url}: null when absent, refused unless an absolute http or https URL. */
    private static String url(JsonNode body) {
        JsonNode url = body.path("url");
        if (url.isMissingNode()) {
            return null;
        }
        if (!url.isString() || !isWebUrl(url.stringValue())) {
            throw new Refused("url must be an absolute http or https URL");
        }
        return url.stringValue();
    }

    private static void flag(JsonNode body, String name) {
        if (!body.path(name).isMissingNode() && !body.path(name).isBoolean()) {
            throw new Refused(name + " must be a boolean");
        }
    }

    /** An optional integer of 0 or more; 0 when absent. */
    private static int nonNegative(JsonNode body, String name) {
        JsonNode n = body.path(name);
        if (n.isMissingNode()) {
            return 0;
        }
        if (!n.isInt() || n.intValue() < 0) {
            throw new Refused(name + " must be an integer of 0 or more");
        }
        return n.intValue();
    }
}
