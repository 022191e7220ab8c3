package io.github.anchorbatchmcp.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP to a running simulator, every answer's body kept so that a test can scan them all. */
final class DemoHttp {

    /** An answer: status, Content-Type and body. */
    record Answer(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return JsonMapper.shared().readTree(body);
        }

        BufferedImage image() {
            try {
                return ImageIO.read(new ByteArrayInputStream(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Checks the documented JSON error body, for this status. */
        void assertError(int expected) {
            assertEquals(expected, status, this::text);
            assertEquals(expected, json().path("error").path("code").intValue(), this::text);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final List<Answer> seen = Collections.synchronizedList(new ArrayList<>());

    DemoHttp(DemoApi api) {
        this.base = api.baseUrl();
    }

    Answer get(String path) {
        return send("GET", path, null, true);
    }

    Answer post(String path, String json) {
        return send("POST", path, json, true);
    }

    Answer delete(String path) {
        return send("DELETE", path, null, true);
    }

    Answer send(String method, String path, String body, boolean withKey) {
        try {
            return sendAsync(method, path, body, withKey).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    CompletableFuture<Answer> sendAsync(String method, String path, String body, boolean withKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (withKey) {
            request.header("anchor-api-key", DemoApi.KEY);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
            Answer answer = new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
            seen.add(answer);
            return answer;
        });
    }

    /** Every answer so far. */
    List<Answer> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** The ids of the sessions of a batch that are ready now. */
    List<String> readySessions(String batchId) {
        Answer status = get("/v1/batch-sessions/" + batchId);
        assertEquals(200, status.status(), status::text);
        List<String> ids = new ArrayList<>();
        for (JsonNode s : status.json().path("data").path("sessions")) {
            if (s.path("status").asString("").equals("completed")) {
                ids.add(s.path("session_id").asString());
            }
        }
        return ids;
    }
}
