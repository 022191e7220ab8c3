package io.github.anchorbatchmcp.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.anchorbatchmcp.demo.DemoHttp.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A browser is found by its session id alone: no two sessions of any batches share one. */
class DemoSessionIdsTest {

    private final AtomicLong now = new AtomicLong();
    private DemoApi api;
    private DemoHttp http;

    @BeforeEach
    void start() throws Exception {
        api = DemoApi.start(now::get);
        http = new DemoHttp(api);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void everyReadySessionOfEveryBatchHasItsOwnUuidAndABrowser() {
        http.readySessions(DemoBatches.MOVING); // its clock starts at the first request
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(http.post("/v1/batch-sessions", "{\"count\": 4}").json().path("data").path("batch_id").asString());
        }
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        for (String failing : List.of(DemoBatches.PARTLY_FAILED, DemoBatches.FAILED, DemoBatches.LARGE)) {
            Answer retried = http.post("/v1/batch-sessions/" + failing + "/retry", "{}");
            assertEquals(200, retried.status(), retried::text);
        }
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        List<String> all = new ArrayList<>();
        List<String> firstOfEach = new ArrayList<>();
        List<String> batches = new ArrayList<>(DemoBatches.FIXED);
        batches.addAll(created);
        List<String> terminated = new ArrayList<>();
        for (String batch : batches) {
            List<String> ready = http.readySessions(batch);
            all.addAll(ready);
            (batch.equals(DemoBatches.CANCELLED) ? terminated : firstOfEach).add(ready.get(0));
            (batch.equals(DemoBatches.CANCELLED) ? terminated : firstOfEach).add(ready.get(ready.size() - 1));
        }
        // Ready now: 5 + 3 + 8 + 4 + 2 + 1000 + 5000 in the fixed batches (the failed ones retried), and 12 created.
        assertEquals(6022 + 12, all.size());
        assertEquals(all.size(), new HashSet<>(all).size(), "session ids shared between sessions");
        for (String id : all) {
            assertEquals(id, UUID.fromString(id).toString(), "not a lower-case UUID: " + id);
        }
        // The fixed batches once shared ids: each now answers for its own, the retried ones too.
        for (String id : firstOfEach) {
            assertEquals(200, http.get("/v1/sessions/" + id + "/pages").status(), id);
        }
        // The cancelled batch's browsers ended with it, as the API's cancel terminates running sessions.
        for (String id : terminated) {
            assertEquals(404, http.get("/v1/sessions/" + id + "/pages").status(), id);
        }
        String retried = http.readySessions(DemoBatches.FAILED).get(0);
        assertEquals(200, http.post("/v1/sessions/" + retried + "/goto", "{\"url\": \"https://example.com/\"}").status());
    }
}
