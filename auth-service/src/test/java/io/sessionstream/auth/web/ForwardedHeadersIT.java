package io.sessionstream.auth.web;

import io.sessionstream.auth.AuthTestProperties;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.auth.AuthApi;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A client that writes {@code X-Forwarded-For} or {@code Forwarded} itself, with no trusted proxy configured (the
 * default): the address it wrote never reaches the session list, and a malformed header is no 5xx
 * ({@link PasswordSprayIT} proves the rate limit holds).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForwardedHeadersIT implements TestPropertyProvider {

    private final TestPostgres.Database db = TestPostgres.newDatabase();

    @Inject
    EmbeddedServer server;

    private AuthApi api;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = AuthTestProperties.plainHttp(db);
        return p;
    }

    @BeforeAll
    void client() {
        api = new AuthApi(server.getPort());
    }

    @Test
    void theSessionList_showsTheSocketAddress_notOneTheClientWrote() {
        String email = api.register();
        HttpResponse<String> login = api.send("/api/auth/login", b -> b.header("Content-Type", "application/json")
                .header("X-Forwarded-For", "203.0.113.99").header("Forwarded", "for=203.0.113.98")
                .POST(HttpRequest.BodyPublishers.ofString(AuthApi.credentials(email, AuthApi.PASSWORD))));
        assertThat(login.statusCode()).isEqualTo(200);

        JsonNode sessions = AuthApi.json(api.get("/api/auth/sessions", AuthApi.json(login).get("token").asText()))
                .get("sessions");

        assertThat(sessions.get(0).get("ip").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void malformedForwardingHeaders_getTheSocketAddress_neverA5xx() {
        for (String forwarded : List.of("for=\"[::1", "for=", ";;;,,,", "for=unknown", "for=\"_hidden\"",
                "for=1.2.3.4;for=5.6.7.8", "by=1.2.3.4", "for=\"" + "9".repeat(4000) + "\"")) {
            assertThat(wrongLogin("Forwarded", forwarded).statusCode()).as(forwarded).isEqualTo(401);
        }
        for (String xff : List.of("", ",", "unknown", "not an address", "999.999.999.999", "[::1")) {
            assertThat(wrongLogin("X-Forwarded-For", xff).statusCode()).as(xff).isEqualTo(401);
        }
    }

    private HttpResponse<String> wrongLogin(String header, String value) {
        return api.send("/api/auth/login", b -> b.header("Content-Type", "application/json").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(
                        AuthApi.credentials("sprayed-" + UUID.randomUUID() + "@example.com", "not the password"))));
    }
}
