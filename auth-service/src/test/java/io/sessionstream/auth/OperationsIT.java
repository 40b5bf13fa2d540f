package io.sessionstream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What an operator sees: logins, logouts and revocations counted once they commit, scrapable by
 * Prometheus; health that names every dependency.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsIT implements TestPropertyProvider {

    private final TestPostgres.Database db = TestPostgres.newDatabase();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return TestProperties.isolated(TestRedis.uniquePrefix(), SessionTopics.unique(), db);
    }

    @Test
    void loginLogoutAndRevocations_areCountedByOutcomeAndReason_andScrapable() {
        AuthApi api = new AuthApi(server.getPort());
        String email = api.register();
        assertThat(api.post("/api/auth/login", AuthApi.credentials(email, "not the password"), null).statusCode()).isEqualTo(401);
        AuthApi.Login first = api.login(email, AuthApi.PASSWORD);
        AuthApi.Login second = api.login(email, AuthApi.PASSWORD);
        AuthApi.Login third = api.login(email, AuthApi.PASSWORD);
        assertThat(api.post("/api/auth/logout", "", first.token()).statusCode()).isEqualTo(204);
        assertThat(api.delete("/api/auth/sessions/" + second.sessionId(), third.token()).statusCode()).isEqualTo(204);
        assertThat(api.post("/api/auth/logout-everywhere", "", third.token()).statusCode()).isEqualTo(204);

        HttpResponse<String> scrape = api.get("/prometheus", null);

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains(
                "sessionstream_auth_logins_total{outcome=\"success\"} 3.0",
                "sessionstream_auth_logins_total{outcome=\"invalid_credentials\"} 1.0",
                "sessionstream_auth_logouts_total 1.0",
                "sessionstream_auth_revocations_total{reason=\"logout\"} 1.0",
                "sessionstream_auth_revocations_total{reason=\"revoked_by_user\"} 1.0",
                "sessionstream_auth_revocations_total{reason=\"logout_everywhere\"} 1.0",
                "sessionstream_outbox_backlog ",
                "sessionstream_nearcache_trusted ");
    }

    @Test
    void health_reportsPostgresRedisKafkaAndNearCacheTrust_readinessIncluded() {
        AuthApi api = new AuthApi(server.getPort());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> api.get("/health/readiness", null).statusCode() == 200);

        HttpResponse<String> health = api.get("/health", null);
        HttpResponse<String> readiness = api.get("/health/readiness", null);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"jdbc", "\"redis", "\"kafka", "\"sessionInvalidations\"",
                "\"nearCacheTrusted\":true");
        assertThat(readiness.body()).contains("\"sessionInvalidations\"");
    }
}
