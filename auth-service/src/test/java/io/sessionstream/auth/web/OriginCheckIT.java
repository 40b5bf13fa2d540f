package io.sessionstream.auth.web;

import io.sessionstream.auth.AuthTestProperties;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Cross-site request forgery is refused on the real auth-service (real PostgreSQL, Kafka and
 * Redis): state-changing requests from a foreign origin, and cookie-authenticated ones that do
 * not say where they come from.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OriginCheckIT implements TestPropertyProvider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";
    private static final String FOREIGN = "https://attacker.example";
    private static final String PARTNER = "https://partner.example.com";

    private final TestPostgres.Database db = TestPostgres.newDatabase();
    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = AuthTestProperties.behindTestProxy(db);
        p.put("sessionstream.auth.csrf.allowed-origins", PARTNER + ":443");
        return p;
    }

    @Test
    void cookieLogout_fromAForeignOrigin_is403_andTheSessionStaysValid() throws Exception {
        String token = newSession();

        HttpResponse<String> logout = send(post("/api/auth/logout").header("Cookie", cookie(token)).header("Origin", FOREIGN));

        assertThat(logout.statusCode()).isEqualTo(403);
        assertThat(logout.body()).contains("\"error\":\"cross_origin\"");
        assertThat(logout.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(me(token)).isEqualTo(200);
    }

    @Test
    void cookieLogout_fromItsOwnOrigin_is204() throws Exception {
        String token = newSession();

        HttpResponse<String> logout = send(post("/api/auth/logout").header("Cookie", cookie(token)).header("Origin", ownOrigin()));

        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(me(token)).isEqualTo(401);
    }

    @Test
    void cookieLogout_withNeitherOriginNorReferer_is403_andTheSessionStaysValid() throws Exception {
        String token = newSession();

        HttpResponse<String> logout = send(post("/api/auth/logout").header("Cookie", cookie(token)));

        assertThat(logout.statusCode()).isEqualTo(403);
        assertThat(logout.body()).contains("cross_origin");
        assertThat(me(token)).isEqualTo(200);
    }

    @Test
    void cookieLogout_withOnlyAReferer_isJudgedByTheReferersOrigin() throws Exception {
        String token = newSession();

        assertThat(send(post("/api/auth/logout").header("Cookie", cookie(token)).header("Referer", FOREIGN + "/page"))
                .statusCode()).isEqualTo(403);
        assertThat(send(post("/api/auth/logout").header("Cookie", cookie(token)).header("Referer", ownOrigin() + "/index.html"))
                .statusCode()).isEqualTo(204);
    }

    @Test
    void bearerLogout_withoutOrigin_is204() throws Exception {
        String token = newSession();

        HttpResponse<String> logout = send(post("/api/auth/logout").header("Authorization", "Bearer " + token));

        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(me(token)).isEqualTo(401);
    }

    @Test
    void loginAndRegistration_fromAForeignOrigin_are403_butWithoutOriginPass() throws Exception {
        String email = "csrf-" + UUID.randomUUID() + "@example.com";

        assertThat(send(post("/api/users", credentials(email)).header("Origin", FOREIGN)).statusCode()).isEqualTo(403);
        assertThat(send(post("/api/users", credentials(email))).statusCode()).isEqualTo(202);
        HttpResponse<String> forgedLogin = send(post("/api/auth/login", credentials(email)).header("Origin", FOREIGN));
        assertThat(forgedLogin.statusCode()).isEqualTo(403);
        assertThat(forgedLogin.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(send(post("/api/auth/login", credentials(email))).statusCode()).isEqualTo(200);
    }

    @Test
    void opaqueOriginNull_is403() throws Exception {
        String token = newSession();

        assertThat(send(post("/api/auth/logout").header("Cookie", cookie(token)).header("Origin", "null")).statusCode())
                .isEqualTo(403);
        assertThat(me(token)).isEqualTo(200);
    }

    @Test
    void behindAProxy_theOriginTheBrowserSaw_isTheOwnOrigin() throws Exception {
        String token = newSession();
        HttpRequest.Builder proxied = post("/api/auth/logout").header("Cookie", cookie(token))
                .header("X-Forwarded-Host", "App.Example.com").header("X-Forwarded-Proto", "https");

        assertThat(send(proxied.copy().header("Origin", ownOrigin())).statusCode())
                .as("the auth-service's own address is not the browser's origin").isEqualTo(403);
        assertThat(send(proxied.copy().header("Origin", "https://app.example.com:443")).statusCode()).isEqualTo(204);
    }

    @Test
    void anAllowedOrigin_passes() throws Exception {
        String token = newSession();

        // Behind a proxy: Micronaut's own drive-by-localhost guard refuses other origins to a server it sees as localhost.
        assertThat(send(post("/api/auth/logout").header("Cookie", cookie(token)).header("Origin", PARTNER)
                .header("X-Forwarded-Host", "app.example.com").header("X-Forwarded-Proto", "https")).statusCode())
                .isEqualTo(204);
    }

    private String newSession() throws Exception {
        String email = "csrf-" + UUID.randomUUID() + "@example.com";
        assertThat(send(post("/api/users", credentials(email))).statusCode()).isEqualTo(202);
        HttpResponse<String> login = send(post("/api/auth/login", credentials(email)));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(login.body());
        return body.get("token").asText();
    }

    private int me(String token) throws Exception {
        return send(HttpRequest.newBuilder(uri("/api/auth/me")).header("Cookie", cookie(token)).GET()).statusCode();
    }

    private HttpRequest.Builder post(String path) {
        return post(path, "");
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String ownOrigin() {
        return "http://127.0.0.1:" + server.getPort();
    }

    private URI uri(String path) {
        return URI.create(ownOrigin() + path);
    }

    private static String cookie(String token) {
        return "ss_session=" + token;
    }

    private static String credentials(String email) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";
    }
}
