package io.sessionstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionstream.client.SessionToken;
import io.sessionstream.testkit.ReceivedMail;
import io.sessionstream.testkit.TcpProxy;
import io.sessionstream.testkit.TestMail;
import io.sessionstream.testkit.TestRedis;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The whole system as real processes — auth-service, session-projector and three app-demo
 * instances from their runnable jars, and two instances of the example app {@code examples/orders-app} — on real
 * Kafka, Redis and PostgreSQL, isolated by database, key prefix and topic names. The session lifecycle
 * ({@link Lifecycle}) runs on the same processes: starting them is most of such a class's time.
 */
class WholeSystemIT {

    /** The revocation bound this test holds every instance to. */
    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final String PASSWORD = "whole system password";

    private static Stack stack;
    private static final ApiClient api = new ApiClient();
    /** The example app's only way to Redis: a link the tests can make hang. */
    private static TcpProxy ordersRedis;

    @BeforeAll
    static void startStack() {
        URI redis = URI.create(TestRedis.uri());
        ordersRedis = TcpProxy.to(redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort());
        stack = TestStacks.start("whole-system", 3, Map.of(), List.of(
                TestStacks.ordersApp(2, Map.of("redis.uri", through(redis, ordersRedis)))));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
        if (ordersRedis != null) {
            ordersRedis.close();
        }
    }

    private static String through(URI redis, TcpProxy proxy) {
        try {
            return new URI(redis.getScheme(), redis.getUserInfo(), "127.0.0.1", proxy.port(), redis.getPath(),
                    redis.getQuery(), null).toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
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
    void everyServiceOfATestStack_runsWithTheTestStacksJvmOptions() {
        // The suite's time rests on them (docs/testing.md): a setting that stopped reaching a process would go unseen.
        for (String service : List.of("auth-service", "session-projector", "app-1", "app-2", "app-3")) {
            List<String> arguments = List.of(ProcessHandle.of(stack.process(service).pid()).orElseThrow().info()
                    .arguments().orElseThrow());
            assertThat(arguments).as(service).containsAll(service.startsWith("app-") ? TestStacks.APP_JVM_OPTIONS
                    : TestStacks.SERVICE_JVM_OPTIONS);
        }
    }

    @Test
    void theProjectorAndTheAuthService_startWithTheirOwnHeaps() {
        // After the services' default -Xms64m, so that they win: the projector's batches and the auth-service's
        // Argon2id blocks (Stack.PROJECTOR_JVM_OPTIONS, Stack.AUTH_SERVICE_JVM_OPTIONS: docs/benchmarks.md).
        Map<String, List<String>> heaps = Map.of("session-projector", Stack.PROJECTOR_JVM_OPTIONS,
                "auth-service", Stack.AUTH_SERVICE_JVM_OPTIONS);
        heaps.forEach((service, options) -> {
            List<String> arguments = List.of(ProcessHandle.of(stack.process(service).pid()).orElseThrow().info()
                    .arguments().orElseThrow());
            List<String> expected = new ArrayList<>(List.of("-Xms64m"));
            expected.addAll(options);
            assertThat(arguments).as(service).containsSubsequence(expected);
        });
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

    /**
     * The session lifecycle on the same processes: every session is first cached by every instance; every revocation
     * is then requested through one instance and must be rejected by all within the bound.
     */
    @Nested
    class Lifecycle {

        private static final String PASSWORD = "lifecycle password";
        private static final String NEW_PASSWORD = "lifecycle password, changed";

        @Test
        void revokeOne_fromAnotherDevice_isRejectedByEveryInstance_andTheRevokerStays() {
            String email = register();
            ApiClient.Session phone = loginEverywhere(email, PASSWORD);
            ApiClient.Session laptop = loginEverywhere(email, PASSWORD);

            assertThat(api.delete(app(1) + "/api/auth/sessions/" + phone.sessionId(), laptop.token()).status()).isEqualTo(204);

            assertRejectedEverywhere(phone);
            assertAdmittedEverywhere(laptop);
        }

        @Test
        void revokeOthers_keepsOnlyTheCaller_onEveryInstance() {
            String email = register();
            ApiClient.Session a = loginEverywhere(email, PASSWORD);
            ApiClient.Session b = loginEverywhere(email, PASSWORD);
            ApiClient.Session c = loginEverywhere(email, PASSWORD);

            assertThat(api.post(app(0) + "/api/auth/sessions/revoke-others", "", b.token()).status()).isEqualTo(204);

            assertRejectedEverywhere(a);
            assertRejectedEverywhere(c);
            assertAdmittedEverywhere(b);
            JsonNode listed = api.get(app(1) + "/api/auth/sessions", b.token()).json().get("sessions");
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("id").asText()).isEqualTo(b.sessionId());
        }

        @Test
        void logoutEverywhere_endsEverySession_onEveryInstance() {
            String email = register();
            ApiClient.Session a = loginEverywhere(email, PASSWORD);
            ApiClient.Session b = loginEverywhere(email, PASSWORD);

            assertThat(api.post(app(1) + "/api/auth/logout-everywhere", "", a.token()).status()).isEqualTo(204);

            assertRejectedEverywhere(a);
            assertRejectedEverywhere(b);
            assertAdmittedEverywhere(loginEverywhere(email, PASSWORD));
        }

        @Test
        void passwordChange_renewsTheCurrentSession_andKillsEveryOther_onEveryInstance() {
            String email = register();
            ApiClient.Session other = loginEverywhere(email, PASSWORD);
            ApiClient.Session current = loginEverywhere(email, PASSWORD);

            ApiClient.Response change = api.post(app(0) + "/api/auth/password", "{\"currentPassword\":\"" + PASSWORD
                    + "\",\"newPassword\":\"" + NEW_PASSWORD + "\"}", current.token());

            assertThat(change.status()).as(change.body()).isEqualTo(200);
            assertRejectedEverywhere(other);
            assertRejectedEverywhere(current);
            assertAdmittedEverywhere(new ApiClient.Session(change.json().get("userId").asText(),
                    change.json().get("sessionId").asText(), change.json().get("token").asText()));
            assertAdmittedEverywhere(loginEverywhere(email, NEW_PASSWORD));
        }

        @Test
        void passwordReset_killsEverySession_onEveryInstance() {
            String email = register();
            ApiClient.Session a = loginEverywhere(email, PASSWORD);
            ApiClient.Session b = loginEverywhere(email, PASSWORD);

            assertThat(api.post(app(0) + "/api/auth/password-reset", "{\"email\":\"" + email + "\"}", null).status())
                    .isEqualTo(202);
            ReceivedMail mail = TestMail.awaitMail(stack.mail(), email);
            assertThat(mail.link()).as("a link to the first app instance's reset page")
                    .hasValueSatisfying(link -> assertThat(link).startsWith(app(0) + "/reset.html?token="));
            String token = mail.linkParameter("token").orElseThrow();
            ApiClient.Response confirm = api.post(app(1) + "/api/auth/password-reset/confirm",
                    "{\"token\":\"" + token + "\",\"newPassword\":\"" + NEW_PASSWORD + "\"}", null);

            assertThat(confirm.status()).as(confirm.body()).isEqualTo(204);
            assertRejectedEverywhere(a);
            assertRejectedEverywhere(b);
            assertAdmittedEverywhere(loginEverywhere(email, NEW_PASSWORD));
        }

        @Test
        void afterAResetRequest_noAppInstanceAnswersTheMailedToken_andTheDevMailboxIsGone() {
            String victim = register();
            assertThat(api.post(app(0) + "/api/auth/password-reset", "{\"email\":\"" + victim + "\"}", null).status())
                    .isEqualTo(202);
            String token = TestMail.awaitMail(stack.mail(), victim).linkParameter("token").orElseThrow();

            for (String app : stack.appUrls()) {
                ApiClient.Response mailbox = api.get(app + "/api/auth/dev/mailbox?email=" + victim, null);
                assertThat(mailbox.status()).as(app + " /api/auth/dev/mailbox").isEqualTo(404);
                for (String path : List.of("/api/auth/dev/mailbox", "/api/me", "/api/ping", "/api/auth/me", "/api/auth/sessions",
                        "/health", "/prometheus", "/forgot.html", "/reset.html")) {
                    assertThat(api.get(app + path + "?email=" + victim, null).body()).as(app + path).doesNotContain(token);
                }
            }
        }

        @Test
        void revokingAnotherUsersSession_is404_andThatSessionLivesOn() {
            ApiClient.Session victim = loginEverywhere(register(), PASSWORD);
            ApiClient.Session attacker = loginEverywhere(register(), PASSWORD);

            ApiClient.Response foreign = api.delete(app(0) + "/api/auth/sessions/" + victim.sessionId(), attacker.token());
            ApiClient.Response unknown = api.delete(app(0) + "/api/auth/sessions/AAAAAAAAAAAAAAAAAAAAAA", attacker.token());

            assertThat(foreign.status()).isEqualTo(404);
            assertThat(foreign.body()).isEqualTo(unknown.body());
            assertAdmittedEverywhere(victim);
        }

        @Test
        void repeatedWrongPasswords_get429WithRetryAfter_onEveryInstance_evenForTheRightPassword() throws Exception {
            String email = register();
            for (int i = 0; i < 5; i++) {
                assertThat(api.post(app(i % 2) + "/api/auth/login", "{\"email\":\"" + email
                        + "\",\"password\":\"wrong password " + i + "\"}", null).status()).isEqualTo(401);
            }

            HttpResponse<String> limited = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app(1)
                            + "/api/auth/login")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.body()).contains("too_many_attempts");
            assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                    assertThat(Integer.parseInt(v)).isPositive());
        }

        @Test
        void loginThroughAnInstance_setsAnHttpOnlyLaxCookie_andAuthenticatedAnswersAreNoStore() throws Exception {
            String email = register();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(app(0) + "/api/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(login.statusCode()).isEqualTo(200);
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            // Plain-http localhost: no Secure and no __Host- prefix (the launcher sets cookie-secure=false).
            assertThat(cookie).startsWith("ss_session=").containsIgnoringCase("HttpOnly").contains("SameSite=Lax")
                    .contains("Path=/");
            assertThat(login.headers().firstValue("Cache-Control")).contains("no-store");
            String session = cookie.substring(0, cookie.indexOf(';'));
            for (String path : List.of("/api/me", "/api/auth/me", "/api/auth/sessions")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app(1) + path)).header("Cookie", session)
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path).isEqualTo(200);
                assertThat(r.headers().firstValue("Cache-Control")).as(path).contains("no-store");
            }
        }

        private static String register() {
            String email = "user-" + UUID.randomUUID() + "@example.com";
            api.register(app(0), email, PASSWORD);
            return email;
        }

        /** Logs in and has every instance admit (and so cache) the session. */
        private static ApiClient.Session loginEverywhere(String email, String password) {
            ApiClient.Session session = api.login(app(0), email, password);
            assertAdmittedEverywhere(session);
            return session;
        }

        private static void assertAdmittedEverywhere(ApiClient.Session session) {
            for (String app : stack.appUrls()) {
                assertThat(api.me(app, session.token()).status()).as(app).isEqualTo(200);
            }
        }

        private static void assertRejectedEverywhere(ApiClient.Session session) {
            for (String app : stack.appUrls()) {
                await().atMost(BOUND).pollInterval(Duration.ofMillis(5))
                        .until(() -> api.me(app, session.token()).status() == 401);
            }
        }

        private static String app(int i) {
            return stack.appUrls().get(i);
        }
    }
}
