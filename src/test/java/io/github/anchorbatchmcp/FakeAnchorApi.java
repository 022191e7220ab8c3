package io.github.anchorbatchmcp;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/** A loopback stand-in for the batch-status endpoint: fixture bodies by batch id, the documented errors otherwise. */
final class FakeAnchorApi extends Dispatcher {

    private final String key;
    private final Map<String, String> bodiesById;
    final AtomicInteger requests = new AtomicInteger();

    FakeAnchorApi(String key, Map<String, String> bodiesById) {
        this.key = key;
        this.bodiesById = bodiesById;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.incrementAndGet();
        if (!key.equals(request.getHeaders().get("anchor-api-key"))) {
            return error(401, "Invalid API key");
        }
        String prefix = "/v1/batch-sessions/";
        String target = request.getTarget();
        String body = target.startsWith(prefix) ? bodiesById.get(target.substring(prefix.length())) : null;
        return body == null ? error(404, "Batch not found")
                : new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    private static MockResponse error(int code, String message) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\"}}").build();
    }
}
