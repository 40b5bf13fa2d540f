package io.sessionstream.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A projection that never comes: the auth-service publishes to one topic while the projector
 * listens on another (a misrouted deployment). Login must answer 503 with Retry-After after
 * the bound — never a false success — and the event must still be committed and relayed.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectionTimeoutIT implements TestPropertyProvider {

    private final SessionTopics topics = SessionTopics.unique();
    private final SessionTopics elsewhere = SessionTopics.unique();
    private final TestPostgres.Database db = TestPostgres.newDatabase();
    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = TestProperties.isolated(TestRedis.uniquePrefix(), topics, db);
        p.put("sessionstream.projector.events-topic", elsewhere.events());
        p.put("sessionstream.auth.projection-wait", "500ms");
        return p;
    }

    @Test
    void login_projectionNeverComes_answers503WithRetryAfter_andTheEventIsStillRelayed() throws Exception {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        String credentials = "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}";
        assertThat(post("/api/users", credentials).statusCode()).isEqualTo(202);

        HttpResponse<String> login = post("/api/auth/login", credentials);

        assertThat(login.statusCode()).isEqualTo(503);
        assertThat(login.headers().firstValue("Retry-After")).contains("1");
        assertThat(login.body()).contains("projection_pending");
        assertThat(login.headers().firstValue("Set-Cookie")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                    "select count(*) from outbox where published_at is not null")) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        });
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
