package io.sessionstream.auth;

import static io.sessionstream.auth.AuthApi.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestMail;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The attack that removed the dev mailbox, against the running service: request a reset for the victim, then
 * call every route the service has, with the victim's address in the query, the path and the body, without a
 * session and with the attacker's own, looking for the token that was just mailed. Only the mail holds it.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResetTokenExposureIT implements TestPropertyProvider {

    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;
    @Inject
    Router router;

    @Override
    public Map<String, String> getProperties() {
        return TestProperties.isolated(TestRedis.uniquePrefix(), SessionTopics.unique(), TestPostgres.newDatabase());
    }

    @Test
    void afterAResetRequest_noRouteOfTheService_answersTheMailedToken_withOrWithoutASession() throws Exception {
        AuthApi api = new AuthApi(server.getPort());
        String victim = api.register();
        String attacker = api.register();
        assertThat(api.post("/api/auth/password-reset", "{\"email\":\"" + victim + "\"}", null).statusCode()).isEqualTo(202);
        String token = TestMail.awaitMail(victim).linkParameter("token").orElseThrow();

        Set<String> probed = new TreeSet<>();
        for (UriRouteInfo<?, ?> route : router.uriRoutes().toList()) {
            String method = route.getHttpMethodName();
            Map<String, Object> variables = new HashMap<>();
            route.getUriMatchTemplate().getVariableNames().forEach(v -> variables.put(v, victim));
            String path = route.getUriMatchTemplate().expand(variables);
            // A fresh session per route: a route such as logout-everywhere ends the attacker's sessions.
            for (String bearer : new String[] {null, api.login(attacker, PASSWORD).token()}) {
                HttpResponse<String> answer = send(method, path, victim, bearer);
                assertThat(answer.body() + answer.headers().map())
                        .as("%s %s (%s) answered %d", method, path, bearer == null ? "no session" : "attacker's session",
                                answer.statusCode())
                        .doesNotContain(token);
            }
            probed.add(method + " " + route.getUriMatchTemplate().toPathString());
        }
        HttpResponse<String> oldMailbox = send("GET", "/api/auth/dev/mailbox", victim, null);

        assertThat(oldMailbox.statusCode()).as("the dev mailbox is gone").isEqualTo(404);
        assertThat(oldMailbox.body()).doesNotContain(token);
        assertThat(probed).as("the routes probed").contains("GET /api/auth/me", "GET /api/auth/sessions",
                "POST /api/auth/password-reset", "POST /api/auth/password-reset/confirm", "POST /api/users",
                "GET /health", "GET /prometheus");
    }

    private HttpResponse<String> send(String method, String path, String email, String bearer)
            throws IOException, InterruptedException {
        String query = "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path
                        + (path.contains("?") ? "&" : "?") + query))
                .header("Origin", "http://127.0.0.1:" + server.getPort())
                .method(method, WITH_BODY.contains(method)
                        ? HttpRequest.BodyPublishers.ofString(AuthApi.JSON.createObjectNode().put("email", email).toString())
                        : HttpRequest.BodyPublishers.noBody());
        if (WITH_BODY.contains(method)) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
