package io.sessionstream.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.sessionstream.projector.ProjectorFixtures.loggedIn;
import static io.sessionstream.projector.ProjectorFixtures.position;

import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.client.SessionToken;
import io.sessionstream.client.AppliedBroadcasts;
import io.sessionstream.client.SessionValidator;
import io.sessionstream.client.Validation;
import io.sessionstream.events.AllSessionsRevoked;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.Invalidation;
import io.sessionstream.events.LoggedIn;
import io.sessionstream.events.LoggedOut;
import io.sessionstream.events.PasswordChanged;
import io.sessionstream.events.SessionEvent;
import io.sessionstream.events.SessionRevoked;
import io.sessionstream.events.SessionTouched;
import io.sessionstream.store.AppliedHash;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.store.SessionHash;
import io.sessionstream.store.UserRevokedHash;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestKafka;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The projector against real Kafka and Redis, read back through the real session-client,
 * so the Redis layout the projector writes is the one the client reads.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectorIT implements TestPropertyProvider {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final String prefix = TestRedis.uniquePrefix();
    private final RedisLayout layout = new RedisLayout(prefix);
    private final SessionTopics topics = SessionTopics.unique();
    private final EventCodec codec = new EventCodec();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
            ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());

    @Inject
    StatefulRedisConnection<String, String> redis;
    @Inject
    SessionValidator validator;
    @Inject
    AppliedBroadcasts applied;
    @Inject
    RedisProjection projection;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = TestProperties.isolated(prefix, topics);
        p.put("micronaut.server.port", "-1");
        return p;
    }

    @AfterAll
    void close() {
        producer.close();
    }

    @Test
    void loggedIn_createsSessionReadableByClient_andLoggedOut_removesItAndBroadcasts() {
        String user = UUID.randomUUID().toString();
        SessionToken token = SessionToken.generate();
        publish(loggedIn(user, token, Instant.now()));

        await().atMost(BOUND).until(() -> validator.validate(token.value()) instanceof Validation.Admitted);
        assertThat(redis.sync().hget(layout.session(token.sessionId()), SessionHash.USER_ID)).isEqualTo(user);
        assertThat(redis.sync().zscore(layout.userSessions(user), token.sessionId())).isNotNull();
        assertThat(redis.sync().pttl(layout.session(token.sessionId()))).isPositive();

        EventMetadata logout = publish(new LoggedOut(user, token.sessionId()));

        await().atMost(BOUND).until(() -> validator.validate(token.value()) instanceof Validation.Rejected);
        assertThat(redis.sync().exists(layout.session(token.sessionId()))).isZero();
        assertThat(redis.sync().zscore(layout.userSessions(user), token.sessionId())).isNull();
        List<Envelope<Invalidation>> broadcast = invalidations(1);
        assertThat(broadcast).anySatisfy(e -> {
            assertThat(e.metadata().eventId()).isEqualTo(logout.eventId());
            assertThat(e.payload().sessionIds()).containsExactly(token.sessionId());
        });
    }

    @Test
    void redisCommands_timeOutAfterFiveSeconds_thoughRedisUriIsSet() {
        // TestProperties sets redis.uri, as every deployment does; micronaut-redis alone would keep 60 s.
        assertThat(redis.getTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void apply_sameOffsetTwice_changesNothingTheSecondTime() {
        String user = UUID.randomUUID().toString();
        SessionToken token = SessionToken.generate();
        Position position = position("fence-test-" + UUID.randomUUID(), 0, 7);

        assertThat(projection.apply(position, loggedIn(user, token, Instant.now()))).isEqualTo(RedisProjection.Outcome.APPLIED);
        redis.sync().del(layout.session(token.sessionId()));

        assertThat(projection.apply(position, loggedIn(user, token, Instant.now())))
                .isEqualTo(RedisProjection.Outcome.ALREADY_APPLIED);
        assertThat(redis.sync().exists(layout.session(token.sessionId()))).isZero();
    }

    @Test
    void apply_ofAnotherIncarnationOfTheTopic_isForeign_changesNothing_andIsNeverFencedByTheOtherIncarnationsOffsets() {
        String user = UUID.randomUUID().toString();
        SessionToken first = SessionToken.generate(user);
        SessionToken second = SessionToken.generate(user);
        String topic = "incarnation-" + UUID.randomUUID();
        Uuid before = Uuid.randomUuid();
        Uuid recreated = Uuid.randomUuid();
        assertThat(projection.claim(topic, before).ownership()).isEqualTo(RedisProjection.Ownership.NONE);
        assertThat(projection.apply(new Position(topic, before, 0, 7), loggedIn(user, first, Instant.now())))
                .isEqualTo(RedisProjection.Outcome.APPLIED);
        Map<String, String> fence = redis.sync().hgetall(layout.fence(user));
        assertThat(fence).containsEntry(AppliedHash.topicIdField(topic), before.toString())
                .containsEntry(AppliedHash.offsetField(topic, 0), "7");

        assertThat(projection.apply(new Position(topic, recreated, 0, 3), loggedIn(user, second, Instant.now())))
                .as("offset 3 of the new incarnation, below the old one's 7").isEqualTo(RedisProjection.Outcome.FOREIGN);
        assertThat(projection.apply(new Position(topic, recreated, 0, 9), new LoggedOut(user, first.sessionId())))
                .isEqualTo(RedisProjection.Outcome.FOREIGN);
        assertThat(projection.apply(new Position(topic, recreated, 2, 0),
                new AllSessionsRevoked(user, null, Instant.now(), "logout_everywhere")).outcome())
                .isEqualTo(RedisProjection.Outcome.FOREIGN);

        assertThat(redis.sync().hgetall(layout.fence(user))).as("the user's fence, unchanged").isEqualTo(fence);
        assertThat(redis.sync().exists(layout.session(second.sessionId()))).isZero();
        assertThat(redis.sync().exists(layout.session(first.sessionId()))).isOne();
        assertThat(projection.incarnation(topic, recreated))
                .isEqualTo(new RedisProjection.Incarnation(RedisProjection.Ownership.FOREIGN, before.toString()));
        assertThat(projection.incarnation(topic, before))
                .isEqualTo(new RedisProjection.Incarnation(RedisProjection.Ownership.SAME, before.toString()));
    }

    @Test
    void aProjectionOfTheEarlierLayout_perPartitionOffsetsInApplied_isForeignEvenWithThisTopicsId() {
        String topic = "earlier-layout-" + UUID.randomUUID();
        Uuid id = Uuid.randomUuid();
        // What a projector of the earlier layout left: the fence of every record in this one hash, with the topic id.
        redis.sync().hset(layout.applied(), Map.of(AppliedHash.offsetField(topic, 0), "41",
                AppliedHash.topicIdField(topic), id.toString()));
        try {
            assertThat(projection.claim(topic, id)).as("its sessions are in keys this version does not read: rebuild")
                    .isEqualTo(new RedisProjection.Incarnation(RedisProjection.Ownership.FOREIGN, null));
        } finally {
            redis.sync().hdel(layout.applied(), AppliedHash.offsetField(topic, 0), AppliedHash.topicIdField(topic));
        }
    }

    @Test
    void theFence_isTheUsers_inTheUsersSlot_andEachUserIsFencedByItsOwnLastOffset() {
        String alice = UUID.randomUUID().toString();
        String bob = UUID.randomUUID().toString();
        SessionToken aliceSession = SessionToken.generate(alice);
        SessionToken bobSession = SessionToken.generate(bob);
        String topic = "per-user-" + UUID.randomUUID();
        Uuid id = Uuid.randomUuid();
        assertThat(projection.apply(new Position(topic, id, 0, 10), loggedIn(alice, aliceSession, Instant.now())))
                .isEqualTo(RedisProjection.Outcome.APPLIED);
        assertThat(projection.apply(new Position(topic, id, 0, 4), loggedIn(bob, bobSession, Instant.now())))
                .as("bob's record sits before alice's in the partition, but nothing of bob's is applied yet")
                .isEqualTo(RedisProjection.Outcome.APPLIED);
        assertThat(projection.apply(new Position(topic, id, 0, 10), new LoggedOut(alice, aliceSession.sessionId())))
                .as("alice's offset 10 again: fenced").isEqualTo(RedisProjection.Outcome.ALREADY_APPLIED);

        assertThat(redis.sync().hkeys(layout.applied())).as("no record writes a key that every event shares")
                .noneMatch(field -> field.startsWith(topic + ":"));
        assertThat(redis.sync().pttl(layout.fence(alice))).as("the fence expires (renewed by each record)")
                .isPositive();
        assertThat(io.lettuce.core.cluster.SlotHash.getSlot(layout.fence(alice)))
                .isEqualTo(io.lettuce.core.cluster.SlotHash.getSlot(layout.session(aliceSession.sessionId())));
        assertThat(redis.sync().exists(layout.session(aliceSession.sessionId()))).isOne();
    }

    @Test
    void replayedLoggedIn_afterLoggedOut_neverResurrectsTheSession() {
        String user = UUID.randomUUID().toString();
        SessionToken token = SessionToken.generate();
        String topic = "replay-test-" + UUID.randomUUID();
        LoggedIn in = loggedIn(user, token, Instant.now());

        projection.apply(position(topic, 0, 1), in);
        projection.apply(position(topic, 0, 2), new LoggedOut(user, token.sessionId()));

        assertThat(projection.apply(position(topic, 0, 3), in)).isEqualTo(RedisProjection.Outcome.SKIPPED_REVOKED);
        assertThat(redis.sync().exists(layout.session(token.sessionId()))).isZero();
    }

    @Test
    void loggedIn_alreadyExpired_isNotProjected() {
        String user = UUID.randomUUID().toString();
        SessionToken token = SessionToken.generate();
        Instant longAgo = Instant.now().minus(Duration.ofDays(30));

        assertThat(projection.apply(position("expired-" + UUID.randomUUID(), 0, 1), loggedIn(user, token, longAgo)))
                .isEqualTo(RedisProjection.Outcome.SKIPPED_EXPIRED);
        assertThat(redis.sync().exists(layout.session(token.sessionId()))).isZero();
    }

    @Test
    void poisonRecord_goesToDeadLetterTopicWithReason_andProjectionMovesOn() throws Exception {
        String user = UUID.randomUUID().toString();
        producer.send(new ProducerRecord<>(topics.events(), user, "{not a cloud event".getBytes(StandardCharsets.UTF_8))).get();
        SessionToken token = SessionToken.generate();
        publish(loggedIn(user, token, Instant.now()));

        await().atMost(BOUND).until(() -> validator.validate(token.value()) instanceof Validation.Admitted);
        List<ConsumerRecord<String, byte[]>> dead = ProjectorFixtures.readAll(topics.deadLetter(), BOUND, 1);
        assertThat(dead).anySatisfy(r -> {
            assertThat(r.key()).isEqualTo(user);
            assertThat(new String(r.headers().lastHeader("dlt.reason").value(), StandardCharsets.UTF_8))
                    .contains("not a CloudEvent");
            assertThat(new String(r.headers().lastHeader("dlt.topic").value(), StandardCharsets.UTF_8))
                    .isEqualTo(topics.events());
        });
    }

    @Test
    void sessionRevoked_removesOnlyTheListedSessionsOfThatUser_andBroadcastsThem() {
        String user = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        SessionToken a = SessionToken.generate();
        SessionToken b = SessionToken.generate();
        SessionToken c = SessionToken.generate();
        SessionToken foreign = SessionToken.generate();
        Instant now = Instant.now();
        publish(loggedIn(user, a, now));
        publish(loggedIn(user, b, now));
        publish(loggedIn(user, c, now));
        publish(loggedIn(other, foreign, now));
        await().atMost(BOUND).until(() -> validator.validate(foreign.value()) instanceof Validation.Admitted);

        EventMetadata revoke = publish(new SessionRevoked(user, List.of(a.sessionId(), b.sessionId(), foreign.sessionId()),
                "revoked_by_user"));

        await().atMost(BOUND).until(() -> redis.sync().exists(layout.session(b.sessionId())) == 0);
        assertThat(redis.sync().exists(layout.session(a.sessionId()))).isZero();
        assertThat(redis.sync().exists(layout.session(c.sessionId()))).isOne();
        assertThat(redis.sync().exists(layout.session(foreign.sessionId()))).as("another user's session").isOne();
        assertThat(redis.sync().zrange(layout.userSessions(user), 0, -1)).containsExactly(c.sessionId());
        assertThat(invalidations(1)).anySatisfy(e -> {
            assertThat(e.metadata().eventId()).isEqualTo(revoke.eventId());
            assertThat(e.payload().sessionIds()).contains(a.sessionId(), b.sessionId());
            assertThat(e.payload().reason()).isEqualTo("revoked_by_user");
        });
    }

    @Test
    void passwordChanged_revokesEveryOtherSession_keepsTheCurrent_andRecordsTheEpoch() throws Exception {
        String user = UUID.randomUUID().toString();
        SessionToken kept = SessionToken.generate();
        SessionToken other = SessionToken.generate();
        Instant created = Instant.now().minusSeconds(5);
        publish(loggedIn(user, kept, created));
        publish(loggedIn(user, other, created));
        await().atMost(BOUND).until(() -> validator.validate(other.value()) instanceof Validation.Admitted);
        Instant epoch = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        EventMetadata change = publish(new PasswordChanged(user, kept.sessionId(), epoch));

        applied.userRevoked(user, epoch).get(BOUND.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(validator.validate(other.value())).isEqualTo(new Validation.Rejected(Validation.Reason.REVOKED));
        assertThat(validator.validate(kept.value())).isInstanceOf(Validation.Admitted.class);
        assertThat(redis.sync().exists(layout.session(other.sessionId()))).isZero();
        assertThat(redis.sync().hget(layout.userRevoked(user), UserRevokedHash.NOT_BEFORE))
                .isEqualTo(String.valueOf(epoch.toEpochMilli()));
        assertThat(invalidations(1)).anySatisfy(e -> {
            assertThat(e.metadata().eventId()).isEqualTo(change.eventId());
            assertThat(e.payload().userWide()).isTrue();
            assertThat(e.payload().keepSessionId()).isEqualTo(kept.sessionId());
            assertThat(e.payload().sessionIds()).containsExactly(other.sessionId());
        });
    }

    @Test
    void allSessionsRevoked_thenReplayedOlderLoggedIn_isNotResurrected() {
        String user = UUID.randomUUID().toString();
        SessionToken token = SessionToken.generate();
        String topic = "epoch-test-" + UUID.randomUUID();
        Instant created = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);

        projection.apply(position(topic, 0, 1), loggedIn(user, token, created));
        RedisProjection.UserWide done = projection.apply(position(topic, 0, 2),
                new AllSessionsRevoked(user, null, Instant.now(), "logout_everywhere"));
        redis.sync().del(layout.revoked(token.sessionId()));

        assertThat(done.revoked()).containsExactly(token.sessionId());
        assertThat(projection.apply(position(topic, 1, 1), loggedIn(user, token, created)))
                .as("a LoggedIn older than the user's epoch, even without its revoked marker")
                .isEqualTo(RedisProjection.Outcome.SKIPPED_REVOKED);
        assertThat(redis.sync().exists(layout.session(token.sessionId()))).isZero();
    }

    @Test
    void sessionTouched_onTheActivityTopic_extendsIdleExpiry_butNeverPastTheAbsoluteOne() {
        String user = UUID.randomUUID().toString();
        SessionToken token = SessionToken.generate();
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        LoggedIn in = new LoggedIn(user, token.sessionId(), token.secretHash(), created, created.plus(Duration.ofHours(2)),
                created.plus(Duration.ofHours(1)), null, null, null);
        projection.apply(position("touch-" + UUID.randomUUID(), 0, 1), in);
        Instant touchedAt = created.plus(Duration.ofMinutes(30));

        publish(topics.activity(), new SessionTouched(user, token.sessionId(), touchedAt));

        String key = layout.session(token.sessionId());
        long extended = touchedAt.plus(Duration.ofHours(1)).toEpochMilli();
        await().atMost(BOUND).until(() -> String.valueOf(extended).equals(redis.sync().hget(key, SessionHash.IDLE_EXPIRY)));
        assertThat(redis.sync().hget(key, SessionHash.LAST_SEEN)).isEqualTo(String.valueOf(touchedAt.toEpochMilli()));
        assertThat(redis.sync().pttl(key)).isGreaterThan(Duration.ofMinutes(89).toMillis());

        assertThat(projection.apply(new SessionTouched(user, token.sessionId(), created.plus(Duration.ofMinutes(100)))))
                .isEqualTo(RedisProjection.Outcome.APPLIED);
        assertThat(redis.sync().hget(key, SessionHash.IDLE_EXPIRY)).isEqualTo(String.valueOf(in.absoluteExpiry().toEpochMilli()));
        assertThat(redis.sync().zscore(layout.userSessions(user), token.sessionId()))
                .isEqualTo((double) in.absoluteExpiry().toEpochMilli());
    }

    @Test
    void sessionTouched_forARevokedSession_neverRecreatesIt() {
        String user = UUID.randomUUID().toString();
        SessionToken token = SessionToken.generate();
        String topic = "touch-revoked-" + UUID.randomUUID();
        projection.apply(position(topic, 0, 1), loggedIn(user, token, Instant.now()));
        projection.apply(position(topic, 0, 2), new LoggedOut(user, token.sessionId()));

        assertThat(projection.apply(new SessionTouched(user, token.sessionId(), Instant.now())))
                .isEqualTo(RedisProjection.Outcome.SKIPPED_UNKNOWN);
        assertThat(redis.sync().exists(layout.session(token.sessionId()))).isZero();
    }

    @Test
    void poisonOnTheActivityTopic_goesToDeadLetterTopicWithReason_andTouchesGoOn() throws Exception {
        String user = UUID.randomUUID().toString();
        SessionToken token = SessionToken.generate();
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        projection.apply(position("activity-poison-" + UUID.randomUUID(), 0, 1), loggedIn(user, token, created));
        producer.send(new ProducerRecord<>(topics.activity(), user, "not a touch".getBytes(StandardCharsets.UTF_8))).get();
        Instant touchedAt = created.plus(Duration.ofMinutes(10));

        publish(topics.activity(), new SessionTouched(user, token.sessionId(), touchedAt));

        await().atMost(BOUND).until(() -> String.valueOf(touchedAt.toEpochMilli())
                .equals(redis.sync().hget(layout.session(token.sessionId()), SessionHash.LAST_SEEN)));
        assertThat(ProjectorFixtures.readAll(topics.deadLetter(), BOUND, 1)).anySatisfy(r -> {
            assertThat(r.key()).isEqualTo(user);
            assertThat(new String(r.headers().lastHeader("dlt.topic").value(), StandardCharsets.UTF_8))
                    .isEqualTo(topics.activity());
        });
    }

    private EventMetadata publish(SessionEvent event) {
        return publish(topics.events(), event);
    }

    private EventMetadata publish(String topic, SessionEvent event) {
        EventMetadata metadata = EventMetadata.now("test", null, Clock.systemUTC());
        try {
            producer.send(codec.toRecord(topic, codec.encode(new Envelope<>(metadata, event)))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return metadata;
    }

    private List<Envelope<Invalidation>> invalidations(int atLeast) {
        return ProjectorFixtures.invalidations(codec, topics.invalidations(), atLeast, BOUND);
    }
}
