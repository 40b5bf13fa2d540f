package io.sessionstream.auth.sessions;

import static io.sessionstream.auth.AuthApi.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.auth.AuthApi;
import io.sessionstream.auth.AuthTestProperties;
import io.sessionstream.auth.LogCapture;
import io.sessionstream.events.EventType;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Redis flushed (the projection absent) is not the same as a session gone by its idle TTL: without the projection's
 * {@code <prefix>applied}, a session Redis does not hold may simply never have been projected, and ending it as idle
 * would sign out a user who is active. The sweep then ends no session by idle expiry, says so once, and does so again
 * once the projection is back. A context of its own: nothing else may make the projector write the key meanwhile.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionExpiryProjectionAbsentIT implements TestPropertyProvider {

    private static final Duration IDLE = Duration.ofSeconds(2);
    private static final Duration SWEEP = Duration.ofMillis(200);
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final String EXPIRED = EventType.SESSION_EXPIRED.ceType();

    private final String prefix = TestRedis.uniquePrefix();
    private final RedisLayout layout = new RedisLayout(prefix);
    private final TestPostgres.Database db = TestPostgres.newDatabase();

    @Inject
    EmbeddedServer server;
    @Inject
    StatefulRedisConnection<String, String> redis;
    @Inject
    SessionRepository sessions;
    @Inject
    ExpirySweeper sweeper;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = AuthTestProperties.plainHttp(prefix, SessionTopics.unique(), db);
        p.put("sessionstream.auth.idle-timeout", IDLE.toMillis() + "ms");
        p.put("sessionstream.auth.expiry-sweep-interval", SWEEP.toMillis() + "ms");
        return p;
    }

    @Test
    void projectionAbsent_noSessionEndsByIdleExpiry_oneWarnSaysSo_andTheSweepResumesOnceItIsBack() throws Exception {
        AuthApi api = new AuthApi(server.getPort());
        AuthApi.Login login = api.login(api.register(), PASSWORD);
        Instant idleExpiry = sessions.findById(login.sessionId()).orElseThrow().idleExpiresAt();
        List<String> warnings;
        // A sweep that sees the projection (its login is projected), so what the absence logs is logged below.
        assertThat(sweeper.sweep().idleSwept()).isTrue();
        try (LogCapture logs = LogCapture.start()) {
            // As after FLUSHALL, for the sweep: the projector's fence is gone (kept aside to put back).
            redis.sync().rename(layout.applied(), layout.applied() + "-aside");

            Instant manySweepsLater = idleExpiry.plus(SWEEP.multipliedBy(8));
            await().atMost(IDLE.plus(BOUND)).until(() -> Instant.now().isAfter(manySweepsLater));

            assertThat(redis.sync().exists(layout.session(login.sessionId()))).as("gone by its TTL").isZero();
            assertThat(sessions.findById(login.sessionId()).orElseThrow().revokedAt()).as("not ended").isNull();
            assertThat(ExpiryEvidence.outboxTypesNaming(db, login.sessionId())).doesNotContain(EXPIRED);
            warnings = logs.lines().stream().filter(l -> l.startsWith("WARN " + ExpirySweeper.class.getName())).toList();

            redis.sync().rename(layout.applied() + "-aside", layout.applied());
            await().atMost(BOUND).until(() -> ExpiryEvidence.outboxTypesNaming(db, login.sessionId()).contains(EXPIRED));
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("INFO " + ExpirySweeper.class.getName())
                    && l.contains("projection is back"));
        }

        assertThat(warnings).as("one WARN for the whole absence, not one per sweep").singleElement()
                .satisfies(w -> assertThat(w).contains("projection is absent"));
        assertThat(sessions.findById(login.sessionId()).orElseThrow().revokedReason()).isEqualTo("idle_expired");
    }
}
