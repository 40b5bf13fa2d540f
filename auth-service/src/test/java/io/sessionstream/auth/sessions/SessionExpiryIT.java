package io.sessionstream.auth.sessions;

import static io.sessionstream.auth.AuthApi.PASSWORD;
import static io.sessionstream.auth.sessions.ExpiryEvidence.endsOf;
import static io.sessionstream.auth.sessions.ExpiryEvidence.expiriesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.auth.AuthApi;
import io.sessionstream.auth.AuthTestProperties;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.LoggedOut;
import io.sessionstream.events.SessionExpired;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every end of a session is an event (issue 18): sessions that expire end with exactly one {@code SessionExpired} on
 * the events topic, written by the auth-service's sweep through the outbox, against real PostgreSQL, Kafka and Redis
 * with the real projector (which applies the activity that moves idle expiries) in the context. Short lifetimes
 * (idle 3 s, absolute 8 s) and a sweep every 250 ms instead of long waits.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionExpiryIT implements TestPropertyProvider {

    private static final Duration IDLE = Duration.ofSeconds(3);
    private static final Duration ABSOLUTE = Duration.ofSeconds(8);
    private static final Duration SWEEP = Duration.ofMillis(250);
    private static final Duration BOUND = Duration.ofSeconds(20);

    private final String prefix = TestRedis.uniquePrefix();
    private final SessionTopics topics = SessionTopics.unique();
    private final TestPostgres.Database db = TestPostgres.newDatabase();
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    @Inject
    EmbeddedServer server;
    @Inject
    ExpirySweeper sweeper;
    @Inject
    SessionRepository sessions;
    @Inject
    MeterRegistry meters;

    private AuthApi api;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = AuthTestProperties.plainHttp(prefix, topics, db);
        p.put("sessionstream.auth.idle-timeout", IDLE.toMillis() + "ms");
        p.put("sessionstream.auth.absolute-lifetime", ABSOLUTE.toMillis() + "ms");
        p.put("sessionstream.auth.expiry-sweep-interval", SWEEP.toMillis() + "ms");
        // Each request to /me is reported as activity (at most every 200 ms), which the projector applies.
        p.put("sessionstream.client.touch-interval", "200ms");
        return p;
    }

    @BeforeAll
    void client() {
        api = new AuthApi(server.getPort());
    }

    @AfterAll
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void idleSession_endsWithExactlyOneIdleExpired_andNeitherALaterLogoutNorARevocationEndsItAgain() throws Exception {
        String email = api.register();
        AuthApi.Login idle = api.login(email, PASSWORD);
        AuthApi.Login busy = api.login(email, PASSWORD);
        Instant idleExpiry = sessions.findById(idle.sessionId()).orElseThrow().idleExpiresAt();

        // The other session is used meanwhile, so it is there to revoke the idle one from afterwards.
        await().atMost(IDLE.plus(BOUND)).pollInterval(Duration.ofMillis(300)).until(() -> {
            assertThat(api.get("/api/auth/me", busy.token()).statusCode()).isEqualTo(200);
            return !expiriesOf(topics.events(), idle.sessionId()).isEmpty();
        });

        SessionExpired expired = expiriesOf(topics.events(), idle.sessionId()).get(0);
        assertThat(expired.reason()).isEqualTo(SessionExpired.IDLE_EXPIRED);
        assertThat(expired.userId()).isEqualTo(idle.userId());
        assertThat(expired.expiredAt()).as("never used: the idle expiry of its login").isEqualTo(idleExpiry);
        SessionRecord row = sessions.findById(idle.sessionId()).orElseThrow();
        assertThat(row.revokedReason()).isEqualTo(SessionExpired.IDLE_EXPIRED);
        assertThat(row.revokedAt()).isAfterOrEqualTo(idleExpiry);

        int logout = api.post("/api/auth/logout", "", idle.token()).statusCode();
        int revoke = api.delete("/api/auth/sessions/" + idle.sessionId(), busy.token()).statusCode();

        assertThat(logout).as("the expired session's own logout: it is not signed in any more").isEqualTo(401);
        assertThat(revoke).as("revoking an ended session is harmless, and does not wait for a broadcast that never "
                + "comes").isEqualTo(204);
        await().atMost(BOUND).until(() -> ExpiryEvidence.relayed(db));
        assertThat(endsOf(topics.events(), idle.sessionId())).extracting(e -> e.payload().getClass().getSimpleName())
                .containsExactly("SessionExpired");
        assertThat(meters.get("sessionstream.auth.expirations").tag("reason", SessionExpired.IDLE_EXPIRED).counter()
                .count()).isPositive();
    }

    @Test
    void activity_extendsTheIdleExpiry_untilTheAbsoluteExpiryEndsItAsAbsoluteExpired() {
        AuthApi.Login login = api.login(api.register(), PASSWORD);
        SessionRecord atLogin = sessions.findById(login.sessionId()).orElseThrow();

        // Used every 300 ms: the sweep finds its idle expiry passed in PostgreSQL, and moves it to the projection's.
        await().atMost(IDLE.plus(BOUND)).pollInterval(Duration.ofMillis(300)).until(() -> {
            assertThat(api.get("/api/auth/me", login.token()).statusCode()).isEqualTo(200);
            return sessions.findById(login.sessionId()).orElseThrow().idleExpiresAt().isAfter(atLogin.idleExpiresAt())
                    && Instant.now().isAfter(atLogin.idleExpiresAt().plus(SWEEP.multipliedBy(2)));
        });
        assertThat(sessions.findById(login.sessionId()).orElseThrow().revokedAt())
                .as("not ended at its login's idle expiry").isNull();
        assertThat(endsOf(topics.events(), login.sessionId())).isEmpty();

        await().atMost(ABSOLUTE.plus(BOUND)).pollInterval(Duration.ofMillis(300)).until(() -> {
            api.get("/api/auth/me", login.token());
            return !expiriesOf(topics.events(), login.sessionId()).isEmpty();
        });

        SessionExpired expired = expiriesOf(topics.events(), login.sessionId()).get(0);
        assertThat(expired.reason()).isEqualTo(SessionExpired.ABSOLUTE_EXPIRED);
        assertThat(expired.expiredAt()).isEqualTo(atLogin.absoluteExpiresAt());
        assertThat(sessions.findById(login.sessionId()).orElseThrow().revokedReason())
                .isEqualTo(SessionExpired.ABSOLUTE_EXPIRED);
        assertThat(api.get("/api/auth/me", login.token()).statusCode()).isEqualTo(401);
        assertThat(endsOf(topics.events(), login.sessionId())).hasSize(1);
    }

    @Test
    void loggedOutSession_neverGetsSessionExpired_pastBothItsExpiries() throws Exception {
        AuthApi.Login login = api.login(api.register(), PASSWORD);
        SessionRecord atLogin = sessions.findById(login.sessionId()).orElseThrow();

        assertThat(api.post("/api/auth/logout", "", login.token()).statusCode()).isEqualTo(204);
        Instant pastBoth = atLogin.absoluteExpiresAt().plus(SWEEP.multipliedBy(4));
        await().atMost(ABSOLUTE.plus(BOUND)).until(() -> Instant.now().isAfter(pastBoth));
        await().atMost(BOUND).until(() -> ExpiryEvidence.relayed(db));

        assertThat(endsOf(topics.events(), login.sessionId())).extracting(Envelope::payload)
                .containsExactly(new LoggedOut(login.userId(), login.sessionId()));
        assertThat(sessions.findById(login.sessionId()).orElseThrow().revokedReason()).isEqualTo("logout");
    }

    @Test
    void sweepsRacingEachOther_endEachExpiredSessionOnce() throws Exception {
        List<AuthApi.Login> logins = new ArrayList<>();
        for (int user = 0; user < 3; user++) {
            String email = api.register();
            logins.add(api.login(email, PASSWORD));
            logins.add(api.login(email, PASSWORD));
        }
        Instant lastIdleExpiry = sessions.findById(logins.get(logins.size() - 1).sessionId()).orElseThrow()
                .idleExpiresAt();

        // Four sweeps at once, as soon as the last session's idle expiry has passed, beside the scheduled one.
        await().atMost(IDLE.plus(BOUND)).pollInterval(Duration.ofMillis(5))
                .until(() -> Instant.now().isAfter(lastIdleExpiry));
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<ExpirySweeper.Sweep>> sweeps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sweeps.add(CompletableFuture.supplyAsync(() -> {
                awaitQuietly(start);
                return sweeper.sweep();
            }, threads));
        }
        start.countDown();
        int endedByTheRacers = 0;
        for (CompletableFuture<ExpirySweeper.Sweep> sweep : sweeps) {
            endedByTheRacers += sweep.get().idle();
        }
        await().atMost(BOUND).until(() -> ExpiryEvidence.relayed(db));

        assertThat(endedByTheRacers).as("no session ended twice by the racing sweeps").isLessThanOrEqualTo(6);
        for (AuthApi.Login login : logins) {
            assertThat(endsOf(topics.events(), login.sessionId())).as(login.sessionId()).singleElement()
                    .extracting(Envelope::payload).isInstanceOfSatisfying(SessionExpired.class,
                            e -> assertThat(e.reason()).isEqualTo(SessionExpired.IDLE_EXPIRED));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
