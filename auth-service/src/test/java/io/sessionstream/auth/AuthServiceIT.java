package io.sessionstream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestMail;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.junit.jupiter.api.TestInstance;

/**
 * The auth-service over HTTP against real PostgreSQL, Kafka and Redis, with the real
 * projector in the same context, so read-your-writes is observable.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthServiceIT implements TestPropertyProvider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";

    private final String prefix = TestRedis.uniquePrefix();
    private final RedisLayout layout = new RedisLayout(prefix);
    private final SessionTopics topics = SessionTopics.unique();
    private final TestPostgres.Database db = TestPostgres.newDatabase();
    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;
    @Inject
    StatefulRedisConnection<String, String> redis;

    @Override
    public Map<String, String> getProperties() {
        // The rehash test upgrades to the production cost: it must be the current one.
        return TestProperties.withProductionHashing(AuthTestProperties.plainHttp(prefix, topics, db));
    }

    @Test
    void login_answersOnlyOnceSessionIsInRedis_withSafeCookieAndNoStore() throws Exception {
        String email = register();

        HttpResponse<String> login = post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}", null);

        assertThat(login.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(login.body());
        String sid = body.get("sessionId").asText();
        assertThat(redis.sync().exists(layout.session(sid))).isEqualTo(1);
        assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c)
                .startsWith("ss_session=" + body.get("token").asText()).containsIgnoringCase("HttpOnly").contains("SameSite=Lax"));
        assertThat(login.headers().firstValue("Cache-Control")).contains("no-store");

        HttpResponse<String> me = get("/api/auth/me", body.get("token").asText());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(me.body()).get("email").asText()).isEqualTo(email);
        assertThat(me.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void logout_answersOnlyOnceSessionIsGoneFromRedis_andEveryEventIsRelayed() throws Exception {
        String email = register();
        JsonNode login = JSON.readTree(post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}", null).body());
        String token = login.get("token").asText();
        String sid = login.get("sessionId").asText();

        HttpResponse<String> logout = post("/api/auth/logout", "", token);

        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(redis.sync().exists(layout.session(sid))).isZero();
        assertThat(get("/api/auth/me", token).statusCode()).isEqualTo(401);
        assertThat(post("/api/auth/logout", "", token).statusCode()).isEqualTo(401);
        try (Connection c = db.connect()) {
            ResultSet rs = c.createStatement().executeQuery(
                    "select count(*), count(published_at) from outbox where kafka_key = '" + login.get("userId").asText() + "'");
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat(rs.getInt(2)).isEqualTo(2);
            ResultSet session = c.createStatement().executeQuery(
                    "select secret_hash, revoked_reason from sessions where id = '" + sid + "'");
            session.next();
            assertThat(session.getString(2)).isEqualTo("logout");
            assertThat(token).doesNotContain(session.getString(1));
            ResultSet payloads = c.createStatement().executeQuery("select string_agg(payload, ' ') from outbox");
            payloads.next();
            assertThat(payloads.getString(1)).doesNotContain(token.substring(token.indexOf('.') + 1));
        }
    }

    @Test
    void login_unknownEmailAndWrongPassword_getTheSameAnswer() throws Exception {
        String email = register();

        HttpResponse<String> wrongPassword = post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"not the password\"}", null);
        HttpResponse<String> unknownUser = post("/api/auth/login", "{\"email\":\"nobody-" + email + "\",\"password\":\"not the password\"}", null);

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(unknownUser.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownUser.body()).contains("invalid_credentials");
    }

    @Test
    void login_hashWithOldArgon2Parameters_isRehashedWithTheCurrentOnes() throws Exception {
        String email = "old-hash-" + UUID.randomUUID() + "@example.com";
        String oldHash = new Argon2PasswordEncoder(16, 32, 1, 4096, 1).encode(PASSWORD);
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "insert into users (id, email, password_hash, created_at) values (?, ?, ?, now())")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, email);
            ps.setString(3, oldHash);
            ps.executeUpdate();
        }

        HttpResponse<String> login = post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}", null);

        assertThat(login.statusCode()).isEqualTo(200);
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                "select password_hash from users where email = '" + email + "'")) {
            rs.next();
            assertThat(rs.getString(1)).isNotEqualTo(oldHash).contains("m=19456,t=2,p=1");
        }
    }

    @Test
    void register_badInput_getsSpecific4xx() throws Exception {
        String email = register();

        assertThat(post("/api/users", "{\"email\":\"not-an-email\",\"password\":\"" + PASSWORD + "\"}", null).statusCode()).isEqualTo(400);
        assertThat(post("/api/users", "{\"email\":\"a@example.com\",\"password\":\"short\"}", null).statusCode()).isEqualTo(400);
        assertThat(post("/api/users", "{\"email\": ", null).statusCode()).isEqualTo(400);
        assertThat(post("/api/users", "{\"email\":\"" + "x".repeat(20_000) + "\"}", null).statusCode()).isEqualTo(413);
    }

    @Test
    void register_aTakenAddress_answersExactlyLikeANewOne_andMailsItsOwner_insteadOfSayingItIsTaken() throws Exception {
        String email = register();
        String fresh = "user-" + UUID.randomUUID() + "@example.com";

        HttpResponse<String> taken = post("/api/users", "{\"email\":\"" + email.toUpperCase() + "\",\"password\":\"another password\"}", null);
        HttpResponse<String> created = post("/api/users", "{\"email\":\"" + fresh + "\",\"password\":\"" + PASSWORD + "\"}", null);

        assertThat(taken.statusCode()).isEqualTo(created.statusCode()).isEqualTo(202);
        assertThat(taken.body()).isEqualTo(created.body());
        assertThat(TestMail.awaitMail(email).subject()).isEqualTo("Someone tried to sign up with your address");
        assertThat(post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"another password\"}", null)
                .statusCode()).as("the taken account keeps its password").isEqualTo(401);
        assertThat(post("/api/auth/login", "{\"email\":\"" + fresh + "\",\"password\":\"" + PASSWORD + "\"}", null)
                .statusCode()).as("the new account is there").isEqualTo(200);
    }

    @Test
    void garbageToken_gets401NotAnError() throws Exception {
        assertThat(get("/api/auth/me", "garbage").statusCode()).isEqualTo(401);
        assertThat(get("/api/auth/me", "AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").statusCode()).isEqualTo(401);
        assertThat(get("/api/auth/me", null).statusCode()).isEqualTo(401);
    }

    private String register() throws IOException, InterruptedException {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> response = post("/api/users", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return email;
    }

    private HttpResponse<String> post(String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }
}
