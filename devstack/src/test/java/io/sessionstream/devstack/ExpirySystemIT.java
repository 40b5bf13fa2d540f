package io.sessionstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.LoggedOut;
import io.sessionstream.events.SessionEvent;
import io.sessionstream.events.SessionExpired;
import io.sessionstream.testkit.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Idle and absolute expiry across real processes, with short configured lifetimes (idle 3 s,
 * absolute 8 s, touches every 500 ms) instead of long sleeps: activity on one instance keeps a
 * session alive on every instance; without activity it ends everywhere; and activity never
 * carries it past its absolute expiry. The auth-service sweeps expiries every 500 ms: each session that expires ends
 * with exactly one {@code SessionExpired} on {@code session.events}, also across a projector crash.
 */
class ExpirySystemIT {

    private static final Duration IDLE = Duration.ofSeconds(3);
    private static final Duration ABSOLUTE = Duration.ofSeconds(8);
    private static final String PASSWORD = "expiry password";

    private static final EventCodec CODEC = new EventCodec();
    private static Stack stack;
    private static final ApiClient api = new ApiClient();

    @BeforeAll
    static void startStack() {
        stack = TestStacks.start("expiry", 2, Map.of(
                "sessionstream.auth.idle-timeout", IDLE.toMillis() + "ms",
                "sessionstream.auth.absolute-lifetime", ABSOLUTE.toMillis() + "ms",
                "sessionstream.client.touch-interval", "500ms",
                "sessionstream.auth.expiry-sweep-interval", "500ms"));
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

    /**
     * Sessions left idle while the projector is killed (SIGKILL) and restarted: each ends with exactly one event, a
     * {@code SessionExpired} ({@code idle_expired}) for those left idle and the {@code LoggedOut} alone for the one
     * logged out first; the restarted projector applies them (nothing dead-lettered) and projects what comes after.
     */
    @Test
    void sessionsThatExpireAcrossAProjectorKill_endWithExactlyOneEventEach() {
        List<LoggedIn> idle = List.of(login(), login(), login());
        LoggedIn loggedOut = login();
        api.logout(stack.appUrls().get(0), loggedOut.session().token());
        String projector = stack.projectors().get(0);

        stack.kill(projector);
        await("the sweeper ends every idle session while the projector is down").atMost(IDLE.plusSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> idle.stream().allMatch(l -> !ends(l.session().sessionId()).isEmpty()));
        stack.restart(projector);
        // The killed member holds its partitions until its group session times out: logins answer 503 until then.
        String email = "after-" + UUID.randomUUID() + "@example.com";
        api.register(stack.appUrls().get(0), email, PASSWORD);
        String credentials = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";
        await("a login after the restart is projected").atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1))
                .until(() -> api.post(stack.appUrls().get(0) + "/api/auth/login", credentials, null).status() == 200);

        for (LoggedIn l : idle) {
            assertThat(ends(l.session().sessionId())).as("end events of " + l.session().sessionId()).singleElement()
                    .isInstanceOfSatisfying(SessionExpired.class, e -> assertThat(e.reason()).isEqualTo("idle_expired"));
        }
        assertThat(ends(loggedOut.session().sessionId())).as("a session logged out first").singleElement()
                .isInstanceOf(LoggedOut.class);
        assertThat(Topics.readCommitted(stack.bootstrapServers(), stack.settings().topics().deadLetter()))
                .as("dead letters").isEmpty();
    }

    /** The events on {@code session.events} that end the session {@code sessionId}, in the log's order. */
    private static List<SessionEvent> ends(String sessionId) {
        return Topics.readCommitted(stack.bootstrapServers(), stack.settings().topics().events()).stream()
                .map(CODEC::decodeSessionEvent).map(Envelope::payload)
                .filter(e -> SessionEvent.endsByName(e, sessionId)).toList();
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
