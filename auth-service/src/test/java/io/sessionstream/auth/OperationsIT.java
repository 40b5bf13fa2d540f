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
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import org.slf4j.LoggerFactory;
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
        Map<String, String> p = TestProperties.isolated(TestRedis.uniquePrefix(), SessionTopics.unique(), db);
        // An operator who wants the health details turns them on (they are off by default).
        p.put("endpoints.health.details-visible", "ANONYMOUS");
        return p;
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
    void traceparentOfALogin_isTheTraceIdOfItsLogLine_andOfItsOutboxEvent() throws Exception {
        AuthApi api = new AuthApi(server.getPort());
        String email = api.register();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e" + Integer.toHexString(0x1000 + (int) (Math.random() * 0xefff));
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger("io.sessionstream.auth.sessions.Logins");
        logger.addAppender(log);
        try {
            HttpResponse<String> login = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + server.getPort() + "/api/auth/login"))
                    .header("Content-Type", "application/json")
                    .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(AuthApi.credentials(email, AuthApi.PASSWORD)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
        } finally {
            logger.detachAppender(log);
        }

        assertThat(log.list).filteredOn(e -> e.getFormattedMessage().contains("logged in"))
                .singleElement().satisfies(e -> assertThat(e.getMDCPropertyMap()).containsEntry("traceId", traceId));
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                "select trace_id from outbox order by id desc limit 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(traceId);
        }
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
