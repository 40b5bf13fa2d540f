package io.sessionstream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Argon2 as a weapon: a burst of anonymous sign-ups, each one 19 MiB of Argon2id, against a bulkhead of one slot
 * and no queue. The surplus is refused at once with 503 {@code busy} and {@code Retry-After} — never a 500, never
 * an OutOfMemoryError — and the service answers normally afterwards.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HashingBulkheadIT implements TestPropertyProvider {

    private static final int BURST = 16;

    private final TestPostgres.Database db = TestPostgres.newDatabase();

    @Inject
    EmbeddedServer server;
    @Inject
    MeterRegistry meters;

    private AuthApi api;

    @Override
    public Map<String, String> getProperties() {
        // The attack is the production cost: 19 MiB per hash.
        Map<String, String> p = TestProperties.withProductionHashing(AuthTestProperties.plainHttp(db));
        p.put("sessionstream.auth.hashing.max-concurrent", "1");
        p.put("sessionstream.auth.hashing.max-waiting", "0");
        return p;
    }

    @BeforeAll
    void client() {
        api = new AuthApi(server.getPort());
    }

    @Test
    void aBurstOfSignUps_beyondTheHashingSlots_isRefusedWith503Busy_neverA500() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(BURST);
        List<HttpResponse<String>> answers = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                String body = AuthApi.credentials("burst-" + UUID.randomUUID() + "@example.com", AuthApi.PASSWORD);
                sent.add(pool.submit(() -> {
                    start.await();
                    return api.post("/api/users", body, null);
                }));
            }
            start.countDown();
            for (Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(202, 503).contains(202, 503);
        HttpResponse<String> refused = answers.stream().filter(r -> r.statusCode() == 503).findFirst().orElseThrow();
        assertThat(AuthApi.json(refused).get("error").asText()).isEqualTo("busy");
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(meters.get("sessionstream.auth.password.busy").counter().count()).isPositive();
        assertThat(api.post("/api/users", AuthApi.credentials("after-" + UUID.randomUUID() + "@example.com",
                AuthApi.PASSWORD), null).statusCode()).as("served again once the burst is over").isEqualTo(202);
    }
}
