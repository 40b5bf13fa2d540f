package io.sessionstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import io.sessionstream.testkit.ReceivedMail;
import io.sessionstream.testkit.TestMail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The session lifecycle across real processes: auth-service, session-projector and three app-demo
 * instances ({@link WholeSystem}'s, shared with {@link WholeSystemIT}). Every session is first cached by every
 * instance; every revocation is then requested through one instance and must be rejected by all within the bound.
 */
@ExtendWith(WholeSystem.Resolver.class)
class LifecycleSystemIT {

    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final String PASSWORD = "lifecycle password";
    private static final String NEW_PASSWORD = "lifecycle password, changed";

    private static Stack stack;
    private static final ApiClient api = new ApiClient();

    @BeforeAll
    static void shareTheWholeSystem(WholeSystem system) {
        stack = system.stack();
    }

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
