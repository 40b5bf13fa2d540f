package io.sessionstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sessionstream.client.SessionToken;
import io.sessionstream.testkit.TcpProxy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole system as real processes — auth-service, session-projector and three app-demo
 * instances from their runnable jars, and two instances of the example app {@code examples/orders-app} — on real
 * Kafka, Redis and PostgreSQL, isolated by database, key prefix and topic names. The stack is {@link WholeSystem}'s,
 * shared with {@link LifecycleSystemIT}.
 */
@ExtendWith(WholeSystem.Resolver.class)
class WholeSystemIT {

    /** The revocation bound this test holds every instance to. */
    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final String PASSWORD = "whole system password";

    private static Stack stack;
    private static final ApiClient api = new ApiClient();
    /** The example app's only way to Redis: a link the tests can make hang. */
    private static TcpProxy ordersRedis;

    @BeforeAll
    static void shareTheWholeSystem(WholeSystem system) {
        stack = system.stack();
        ordersRedis = system.ordersRedis();
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

    /**
     * The example app {@code examples/orders-app}, written from the README and docs/client.md alone, in two
     * instances beside app-demo. Sign-in goes straight to the auth-service, as a gateway routes {@code /api/auth/**};
     * the instances are given only Kafka, Redis (through {@link #ordersRedis}), the key prefix and the topics.
     */
    @Nested
    class OrdersApp {

        /** Every token these tests were given, for the log scan. */
        private static final Set<String> tokens = ConcurrentHashMap.newKeySet();
        private final HttpClient http = HttpClient.newHttpClient();

        @Test
        void sessionFromSignIn_isAcceptedOnBothInstances_byBearerAndByCookie() throws Exception {
            ApiClient.Session session = signIn();

            for (String orders : ordersUrls()) {
                assertThat(api.get(orders + "/orders", session.token()).status()).as(orders).isEqualTo(200);
                ApiClient.Response placed = api.post(orders + "/orders", "{\"item\":\"tea\"}", session.token());
                assertThat(placed.status()).as(orders).isEqualTo(201);
                assertThat(placed.json().get("userId").asText()).isEqualTo(session.userId());
                HttpResponse<String> byCookie = send(HttpRequest.newBuilder(URI.create(orders + "/orders"))
                        .header("Cookie", "ss_session=" + session.token()).header("Origin", orders)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"scones\"}")));
                assertThat(byCookie.statusCode()).as(orders + " by cookie").isEqualTo(201);
                ApiClient.Response mine = api.get(orders + "/orders", session.token());
                assertThat(mine.json().findValuesAsText("item")).containsExactlyInAnyOrder("tea", "scones");
            }
        }

        @Test
        void staffRoute_is403ForAUsersSession_and401WithoutOne() {
            ApiClient.Session session = signIn();

            for (String orders : ordersUrls()) {
                assertThat(api.get(orders + "/admin/orders", session.token()).status()).as(orders).isEqualTo(403);
                assertThat(api.get(orders + "/admin/orders", null).status()).as(orders).isEqualTo(401);
                assertThat(api.get(orders + "/orders", null).status()).as(orders).isEqualTo(401);
            }
        }

        /**
         * A page of another site makes the signed-in browser POST to the app with its cookie: refused by the library's
         * default CSRF check, 403 {@code cross_origin}, and nothing is placed; with no Origin and no Referer too.
         */
        @Test
        void crossSiteCookiePost_isRefused403_andPlacesNothing() throws Exception {
            ApiClient.Session session = signIn();

            for (String orders : ordersUrls()) {
                HttpResponse<String> forged = send(HttpRequest.newBuilder(URI.create(orders + "/orders"))
                        .header("Cookie", "ss_session=" + session.token()).header("Origin", "https://evil.example")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"a pony\"}")));
                assertThat(forged.statusCode()).as(orders + ": " + forged.body()).isEqualTo(403);
                assertThat(forged.body()).contains("\"error\":\"cross_origin\"");
                HttpResponse<String> stripped = send(HttpRequest.newBuilder(URI.create(orders + "/orders"))
                        .header("Cookie", "ss_session=" + session.token()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"a pony\"}")));
                assertThat(stripped.statusCode()).as(orders + " without Origin or Referer").isEqualTo(403);
                assertThat(api.get(orders + "/orders", session.token()).json().findValuesAsText("item"))
                        .as("nothing placed").doesNotContain("a pony");
            }
        }

        /** The app never asked for management endpoints: a signed-in user finds none of them, and never a 500. */
        @Test
        void managementEndpoints_otherThanHealth_areNotThere_evenForASignedInUser() {
            ApiClient.Session session = signIn();

            for (String orders : ordersUrls()) {
                for (String endpoint : List.of("/beans", "/routes", "/env", "/info", "/loggers", "/threaddump", "/refresh")) {
                    assertThat(api.get(orders + endpoint, session.token()).status()).as(orders + endpoint)
                            .isIn(401, 403, 404);
                }
                ApiClient.Response health = api.get(orders + "/health", null);
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.body()).as("no details").isEqualTo("{\"status\":\"UP\"}");
            }
        }

        @Test
        void logoutAtTheAuthService_isRejectedByBothInstances_withinTheBound() {
            ApiClient.Session session = signIn();
            ordersUrls().forEach(o -> assertThat(api.get(o + "/orders", session.token()).status()).isEqualTo(200));

            api.logout(stack.authUrl(), session.token());

            for (String orders : ordersUrls()) {
                await().atMost(BOUND).pollInterval(Duration.ofMillis(2))
                        .until(() -> api.get(orders + "/orders", session.token()).status() == 401);
            }
        }

        /**
         * Redis accepts connections and never answers: a valid session that must be read from Redis gets 503 with
         * {@code Retry-After} within about a second, from the library's defaults (orders-app sets no
         * {@code redis.timeout}), never 401 and never Lettuce's minute.
         */
        @Test
        void redisHangs_validSessionGets503WithinTwoSeconds_withNoTimeoutConfigured() throws Exception {
            ApiClient.Session session = signIn();
            ordersRedis.freeze();
            try {
                for (String orders : ordersUrls()) {
                    long start = System.nanoTime();
                    HttpResponse<String> answer;
                    try {
                        answer = send(HttpRequest.newBuilder(URI.create(orders + "/orders")).timeout(Duration.ofSeconds(5))
                                .header("Authorization", "Bearer " + session.token()).GET());
                    } catch (HttpTimeoutException e) {
                        throw new AssertionError(orders + " had not answered after 5 s while Redis hangs: "
                                + "the library's Redis timeout is not short by default", e);
                    }
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    assertThat(answer.statusCode()).as(orders + ": " + answer.body()).isEqualTo(503);
                    assertThat(answer.headers().firstValue("Retry-After")).as(orders).isPresent();
                    assertThat(took).as(orders).isLessThan(Duration.ofSeconds(2));
                }
            } finally {
                ordersRedis.thaw();
            }
            for (String orders : ordersUrls()) {
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> api.get(orders + "/orders", session.token()).status() == 200);
            }
        }

        /** Whatever the other tests did, and a sign-in, use, rejection and logout of its own. */
        @Test
        void logs_holdNoToken_noSecretHash_noPasswordHash() throws Exception {
            ApiClient.Session session = signIn();
            for (String orders : ordersUrls()) {
                api.get(orders + "/orders", session.token());
                api.get(orders + "/admin/orders", session.token());
            }
            api.logout(stack.authUrl(), session.token());
            for (String orders : ordersUrls()) {
                await().atMost(BOUND).until(() -> api.get(orders + "/orders", session.token()).status() == 401);
            }

            for (String instance : List.of("orders-app-1", "orders-app-2")) {
                Path log = stack.process(instance).log();
                String text = Files.readString(log);
                assertThat(text).as(log + " is written").isNotBlank();
                assertThat(text).as(log.toString()).doesNotContain("$argon2", PASSWORD);
                for (String token : tokens) {
                    SessionToken parsed = SessionToken.parse(token).orElseThrow();
                    String secret = token.substring(token.indexOf('.') + 1);
                    assertThat(text).as(log.toString()).doesNotContain(token, secret, parsed.secretHash());
                }
            }
        }

        private List<String> ordersUrls() {
            return stack.clientAppUrls("orders-app");
        }

        /** Sign-up and sign-in at the auth-service, where the gateway sends {@code /api/auth/**} and {@code /api/users}. */
        private ApiClient.Session signIn() {
            String email = "orders-" + UUID.randomUUID() + "@example.com";
            api.register(stack.authUrl(), email, PASSWORD);
            ApiClient.Session session = api.login(stack.authUrl(), email, PASSWORD);
            tokens.add(session.token());
            return session;
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static ApiClient.Session newSession() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        api.register(stack.appUrls().get(0), email, PASSWORD);
        return api.login(stack.appUrls().get(2), email, PASSWORD);
    }
}
