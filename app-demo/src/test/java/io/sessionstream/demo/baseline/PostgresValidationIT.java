package io.sessionstream.demo.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.client.SessionToken;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * app-demo in the benchmarks' PostgreSQL-every-request mode, against a real database laid out by
 * the auth-service's own Flyway migrations: {@code /api/me} admits a live session row and answers
 * 401 for a revoked, expired, unknown or wrong-secret one.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresValidationIT implements TestPropertyProvider {

    /** The auth-service's migrations, used as they are: the table this mode reads is the auth-service's. */
    private static final Path MIGRATIONS = Path.of("..", "auth-service", "src", "main", "resources", "db", "migration")
            .toAbsolutePath().normalize();

    private final TestPostgres.Database db = TestPostgres.newDatabase();
    private final HttpClient http = HttpClient.newHttpClient();
    private final UUID userId = UUID.randomUUID();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations("filesystem:" + MIGRATIONS).load().migrate();
        insertUser();
        Map<String, String> p = TestProperties.isolated(TestRedis.uniquePrefix(), SessionTopics.unique(), db);
        p.put(PostgresSessionValidator.MODE_PROPERTY, PostgresSessionValidator.POSTGRES);
        p.put("sessionstream.demo.instance-id", "app-pg");
        return p;
    }

    @Test
    void me_withALiveSessionRow_is200WithUserAndSession() throws Exception {
        SessionToken token = insertSession(Instant.now().plus(Duration.ofDays(1)), null);

        HttpResponse<String> response = me(token.value());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"userId\":\"" + userId + "\",\"sessionId\":\"" + token.sessionId()
                + "\",\"instance\":\"app-pg\"}");
    }

    @Test
    void me_pastTheRowsIdleExpiryButWithinAbsolute_isAdmitted_becauseTheTableDoesNotTrackActivity() throws Exception {
        SessionToken token = insertSession(Instant.now().plus(Duration.ofDays(1)), null, Instant.now().minusSeconds(60));

        assertThat(me(token.value()).statusCode()).isEqualTo(200);
    }

    @Test
    void me_withARevokedSessionRow_is401() throws Exception {
        SessionToken token = insertSession(Instant.now().plus(Duration.ofDays(1)), Instant.now().minusSeconds(1));

        assertThat(me(token.value()).statusCode()).isEqualTo(401);
    }

    @Test
    void me_pastTheAbsoluteExpiry_is401() throws Exception {
        SessionToken token = insertSession(Instant.now().minusSeconds(1), null);

        assertThat(me(token.value()).statusCode()).isEqualTo(401);
    }

    @Test
    void me_withTheWrongSecretOrAnUnknownSession_is401() throws Exception {
        SessionToken stored = insertSession(Instant.now().plus(Duration.ofDays(1)), null);
        String wrongSecret = stored.sessionId() + SessionToken.generate().value().substring(stored.sessionId().length());

        assertThat(me(wrongSecret).statusCode()).isEqualTo(401);
        assertThat(me(SessionToken.generate().value()).statusCode()).isEqualTo(401);
        assertThat(me("not-a-token").statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> me(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + "/api/me"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void insertUser() {
        try (Connection c = db.connect(); PreparedStatement insert = c.prepareStatement(
                "insert into users (id, email, password_hash, created_at, roles) values (?, ?, 'unused', now(), 'user,admin')")) {
            insert.setObject(1, userId);
            insert.setString(2, userId + "@example.com");
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private SessionToken insertSession(Instant absoluteExpiry, Instant revokedAt) {
        return insertSession(absoluteExpiry, revokedAt, absoluteExpiry);
    }

    private SessionToken insertSession(Instant absoluteExpiry, Instant revokedAt, Instant idleExpiry) {
        SessionToken token = SessionToken.generate();
        try (Connection c = db.connect(); PreparedStatement insert = c.prepareStatement("insert into sessions "
                + "(id, user_id, secret_hash, created_at, absolute_expires_at, idle_expires_at, revoked_at) "
                + "values (?, ?, ?, now(), ?, ?, ?)")) {
            insert.setString(1, token.sessionId());
            insert.setObject(2, userId);
            insert.setString(3, token.secretHash());
            insert.setTimestamp(4, Timestamp.from(absoluteExpiry));
            insert.setTimestamp(5, Timestamp.from(idleExpiry));
            insert.setTimestamp(6, revokedAt == null ? null : Timestamp.from(revokedAt));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return token;
    }
}
