package io.sessionstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole system as real processes — auth-service, session-projector and three app-demo
 * instances from their runnable jars — on real Kafka, Redis and PostgreSQL, isolated by
 * database, key prefix and topic names.
 */
class WholeSystemIT {

    /** The revocation bound this test holds every instance to. */
    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final String PASSWORD = "whole system password";

    private static Stack stack;
    private static final ApiClient api = new ApiClient();

    @BeforeAll
    static void startStack() {
        stack = TestStacks.start("whole-system", 3, Map.of());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void sessionFromLogin_isAcceptedOnAllThreeInstances_eachNamingItself() {
        ApiClient.Session session = newSession();

        for (int i = 0; i < 3; i++) {
            ApiClient.Response me = api.me(stack.appUrls().get(i), session.token());
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("userId").asText()).isEqualTo(session.userId());
            assertThat(me.json().get("sessionId").asText()).isEqualTo(session.sessionId());
            assertThat(me.json().get("instance").asText()).isEqualTo("app-" + (i + 1));
        }
    }

    @Test
    void logout_onOneInstance_isRejectedByAllInstances() {
        ApiClient.Session session = newSession();
        stack.appUrls().forEach(app -> assertThat(api.me(app, session.token()).status()).isEqualTo(200));

        api.logout(stack.appUrls().get(1), session.token());

        for (String app : stack.appUrls()) {
            await().atMost(BOUND).pollInterval(Duration.ofMillis(2))
                    .until(() -> api.me(app, session.token()).status() == 401);
        }
    }

    @Test
    void garbageToken_gets401_neverAnError() {
        for (String token : new String[] {"garbage", "", "AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "x".repeat(4000), "a.b.c"}) {
            for (String app : stack.appUrls()) {
                assertThat(api.me(app, token).status()).as(app + " with " + token).isEqualTo(401);
            }
            assertThat(api.get(stack.appUrls().get(0) + "/api/auth/me", token).status()).isEqualTo(401);
        }
    }

    @Test
    void logoutPropagationScenario_measuresEveryInstanceAndFindsNoneStale() throws Exception {
        LogoutPropagationScenario.Result result = new LogoutPropagationScenario(stack.appUrls()).run(5, null);

        assertThat(result.lagsNanos()).hasSize(15);
        assertThat(result.staleAfter5s()).isZero();
        assertThat(result.summary()).matches(
                "revocation-lag-ms p50=\\d+\\.\\d\\d p99=\\d+\\.\\d\\d max=\\d+\\.\\d\\d instances=3 rounds=5 stale-after-5s=0");
    }

    @Test
    void cookieLogoutThroughAnAppInstance_passesFromThatAppsOrigin_andIsRefusedFromAnother() throws Exception {
        ApiClient.Session session = newSession();
        String app = stack.appUrls().get(0);

        // Another local origin, so that Micronaut's own drive-by-localhost guard lets it reach the auth-service.
        HttpResponse<String> forged = cookiePost(app + "/api/auth/logout", session.token(), "http://localhost:1");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("cross_origin");
        assertThat(api.me(app, session.token()).status()).isEqualTo(200);

        assertThat(cookiePost(app + "/api/auth/logout", session.token(), app).statusCode()).isEqualTo(204);
        assertThat(api.me(app, session.token()).status()).isEqualTo(401);
    }

    /** A POST as a browser sends it from a page of {@code origin}: session cookie and Origin, no bearer token. */
    private static HttpResponse<String> cookiePost(String url, String token, String origin) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Cookie", "ss_session=" + token).header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ApiClient.Session newSession() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        api.register(stack.appUrls().get(0), email, PASSWORD);
        return api.login(stack.appUrls().get(2), email, PASSWORD);
    }
}
