package io.sessionstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Idle and absolute expiry across real processes, with short configured lifetimes (idle 3 s,
 * absolute 8 s, touches every 500 ms) instead of long sleeps: activity on one instance keeps a
 * session alive on every instance; without activity it ends everywhere; and activity never
 * carries it past its absolute expiry.
 */
class ExpirySystemIT {

    private static final Duration IDLE = Duration.ofSeconds(3);
    private static final Duration ABSOLUTE = Duration.ofSeconds(8);
    private static final String PASSWORD = "expiry password";

    private static Stack stack;
    private static final ApiClient api = new ApiClient();

    @BeforeAll
    static void startStack() {
        stack = TestStacks.start("expiry", 2, Map.of(
                "sessionstream.auth.idle-timeout", IDLE.toMillis() + "ms",
                "sessionstream.auth.absolute-lifetime", ABSOLUTE.toMillis() + "ms",
                "sessionstream.client.touch-interval", "500ms"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void idleSession_isRejectedByEveryInstance_afterTheIdleTimeout() {
        LoggedIn login = login();
        Instant lastUse = Instant.now();
        stack.appUrls().forEach(app -> assertThat(api.me(app, login.session().token()).status()).isEqualTo(200));

        // No request in between: every admitted request is activity and would extend the session.
        await().atMost(IDLE.plusSeconds(2)).until(() -> Instant.now().isAfter(lastUse.plus(IDLE).plusMillis(300)));

        for (String app : stack.appUrls()) {
            assertThat(api.me(app, login.session().token()).status()).as(app).isEqualTo(401);
        }
    }

    @Test
    void activityOnOneInstance_keepsTheSessionAliveOnAll_butNeverPastItsAbsoluteExpiry() {
        LoggedIn login = login();
        ApiClient.Session session = login.session();
        String busy = stack.appUrls().get(0);
        String quiet = stack.appUrls().get(1);

        // Used every 300 ms on one instance for twice the idle timeout: still valid on the other.
        Instant until = Instant.now().plus(IDLE.multipliedBy(2));
        await().atMost(IDLE.multipliedBy(3)).pollInterval(Duration.ofMillis(300)).until(() -> {
            assertThat(api.me(busy, session.token()).status()).isEqualTo(200);
            return Instant.now().isAfter(until);
        });
        assertThat(api.me(quiet, session.token()).status()).as("idle expiry extended by the other instance's touches")
                .isEqualTo(200);

        // Kept busy, it still ends at its absolute expiry, everywhere.
        await().atMost(ABSOLUTE.plusSeconds(4)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.me(busy, session.token()).status() == 401);
        assertThat(Instant.now()).isAfterOrEqualTo(login.absoluteExpiry());
        assertThat(api.me(quiet, session.token()).status()).isEqualTo(401);
    }

    /** A login and the absolute expiry the auth-service gave it. */
    private record LoggedIn(ApiClient.Session session, Instant absoluteExpiry) {
    }

    private static LoggedIn login() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        api.register(stack.appUrls().get(0), email, PASSWORD);
        ApiClient.Response r = api.post(stack.appUrls().get(0) + "/api/auth/login",
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return new LoggedIn(new ApiClient.Session(r.json().get("userId").asText(), r.json().get("sessionId").asText(),
                r.json().get("token").asText()), Instant.parse(r.json().get("absoluteExpiry").asText()));
    }
}
