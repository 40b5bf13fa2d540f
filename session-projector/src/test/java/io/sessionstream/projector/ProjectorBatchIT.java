package io.sessionstream.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.sessionstream.projector.ProjectorFixtures.consumer;
import static io.sessionstream.projector.ProjectorFixtures.loggedIn;
import static io.sessionstream.projector.ProjectorFixtures.position;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.sessionstream.client.SessionToken;
import io.sessionstream.events.AllSessionsRevoked;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.Invalidation;
import io.sessionstream.events.LoggedIn;
import io.sessionstream.events.LoggedOut;
import io.sessionstream.events.SessionEvent;
import io.sessionstream.events.SessionExpired;
import io.sessionstream.events.SessionRevoked;
import io.sessionstream.store.AppliedHash;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.store.RedisLayout.Family;
import io.sessionstream.store.SessionHash;
import io.sessionstream.store.UserRevokedHash;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestKafka;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Batching against real Kafka and Redis: a topic filled before the projector starts, so its first
 * polls return many records at once — revocations, replayed logins and a poison record mixed.
 * Then a second projector (a new consumer group, from the earliest offset, same Redis prefix)
 * receives the same batches again, as after a crash before the commit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectorBatchIT {

    private static final Duration BOUND = Duration.ofSeconds(20);

    private final String prefix = TestRedis.uniquePrefix();
    private final RedisLayout layout = new RedisLayout(prefix);
    private final SessionTopics topics = SessionTopics.unique();
    private final EventCodec codec = new EventCodec();
    private KafkaProducer<String, byte[]> producer;
    private RedisClient redisClient;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;

    @BeforeAll
    void open() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
        redisClient = RedisClient.create(TestRedis.uri());
        connection = redisClient.connect();
        redis = connection.sync();
    }

    @AfterAll
    void close() {
        producer.close();
        connection.close();
        redisClient.shutdown();
    }

    @Test
    void batch_withRevocationsReplayedLoginsAndPoison_appliesInOrder_andRedeliveryChangesNothingButRebroadcasts() {
        String alice = UUID.randomUUID().toString();
        String bob = UUID.randomUUID().toString();
        SessionToken a1 = SessionToken.generate();
        SessionToken a2 = SessionToken.generate();
        SessionToken a3 = SessionToken.generate();
        SessionToken b1 = SessionToken.generate();
        SessionToken b2 = SessionToken.generate();
        Instant created = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        Instant epoch = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        LoggedIn a1In = loggedIn(alice, a1, created);
        LoggedIn b1In = loggedIn(bob, b1, created);

        publish(a1In);
        publish(loggedIn(alice, a2, created));
        publish(b1In);
        publish(loggedIn(bob, b2, created));
        EventMetadata aliceLogout = publish(new LoggedOut(alice, a1.sessionId()));
        send(new ProducerRecord<>(topics.events(), alice, "{not a cloud event".getBytes(StandardCharsets.UTF_8)));
        publish(a1In);
        EventMetadata bobRevoke = publish(new SessionRevoked(bob, List.of(b1.sessionId()), "revoked_by_user"));
        EventMetadata aliceEverywhere = publish(new AllSessionsRevoked(alice, null, epoch, "logout_everywhere"));
        publish(loggedIn(alice, a3, epoch.plusMillis(1)));
        publish(b1In);
        producer.flush();

        try (ApplicationContext projector = startProjector("first")) {
            awaitCommitted(topics.events(), "first-" + prefix);
            assertThat(counts(projector)).as("events, fenced, dead letters").containsExactly(10.0, 0.0, 1.0);
        }

        assertThat(redis.exists(layout.session(a1.sessionId()))).as("logged out; its replayed LoggedIn skipped")
                .isZero();
        assertThat(redis.exists(layout.session(a2.sessionId()))).as("revoked everywhere").isZero();
        assertThat(redis.hget(layout.session(a3.sessionId()), SessionHash.USER_ID)).as("logged in after the epoch")
                .isEqualTo(alice);
        assertThat(redis.exists(layout.session(b1.sessionId()))).as("revoked; its replayed LoggedIn skipped").isZero();
        assertThat(redis.hget(layout.session(b2.sessionId()), SessionHash.USER_ID)).isEqualTo(bob);
        assertThat(redis.zrange(layout.userSessions(alice), 0, -1)).containsExactly(a3.sessionId());
        assertThat(redis.zrange(layout.userSessions(bob), 0, -1)).containsExactly(b2.sessionId());
        assertThat(redis.hget(layout.userRevoked(alice), UserRevokedHash.NOT_BEFORE))
                .isEqualTo(String.valueOf(epoch.toEpochMilli()));

        List<ConsumerRecord<String, byte[]>> dead = ProjectorFixtures.readAll(topics.deadLetter(), BOUND, 1);
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(alice);
            assertThat(header(r, "dlt.reason")).contains("not a CloudEvent");
            assertThat(header(r, "dlt.topic")).isEqualTo(topics.events());
        });
        List<Envelope<Invalidation>> broadcast = invalidations(3);
        assertThat(broadcast).extracting(e -> e.metadata().eventId())
                .containsExactlyInAnyOrder(aliceLogout.eventId(), bobRevoke.eventId(), aliceEverywhere.eventId());
        assertThat(broadcast).filteredOn(e -> e.payload().userId().equals(alice)).extracting(e -> e.metadata().eventId())
                .as("in the order of alice's events").containsExactly(aliceLogout.eventId(), aliceEverywhere.eventId());
        assertThat(broadcast).filteredOn(e -> e.metadata().eventId().equals(aliceEverywhere.eventId())).singleElement()
                .satisfies(e -> assertThat(e.payload().sessionIds()).containsExactly(a2.sessionId()));

        Map<String, String> before = snapshot();
        try (ApplicationContext again = startProjector("again")) {
            awaitCommitted(topics.events(), "again-" + prefix);
            assertThat(counts(again)).as("every decodable record of the redelivery fenced as already applied, none "
                    + "counted as projected").containsExactly(0.0, 10.0, 1.0);
        }

        assertThat(snapshot()).as("every key the projector wrote, byte for byte and expiry").isEqualTo(before);
        assertThat(invalidations(6)).extracting(e -> e.metadata().eventId()).as("every invalidation published again")
                .containsOnly(aliceLogout.eventId(), bobRevoke.eventId(), aliceEverywhere.eventId()).hasSize(6);
        assertThat(ProjectorFixtures.readAll(topics.deadLetter(), BOUND, 2)).hasSize(2);
    }

    @Test
    void poison_withANonNumericSchemaVersion_isDeadLetteredWithItsReason_andLaterRecordsOfItsPartitionAreApplied() {
        SessionTopics own = SessionTopics.unique();
        String ownPrefix = TestRedis.uniquePrefix();
        RedisLayout ownLayout = new RedisLayout(ownPrefix);
        String user = UUID.randomUUID().toString();
        SessionToken first = SessionToken.generate();
        SessionToken later = SessionToken.generate();
        send(record(own.events(), loggedIn(user, first, Instant.now())));
        ProducerRecord<String, byte[]> poison = record(own.events(), new LoggedOut(user, first.sessionId()));
        poison.headers().remove("ce_schemaversion").add("ce_schemaversion", "one".getBytes(StandardCharsets.UTF_8));
        send(poison);
        send(record(own.events(), loggedIn(user, later, Instant.now())));
        producer.flush();
        Map<String, String> p = TestProperties.isolated(ownPrefix, own);
        p.put("sessionstream.projector.group-id", "poison-" + ownPrefix);

        try (ApplicationContext projector = ApplicationContext.run(new HashMap<String, Object>(p))) {
            awaitCommitted(own.events(), "poison-" + ownPrefix);
        }

        assertThat(redis.hget(ownLayout.session(later.sessionId()), SessionHash.USER_ID))
                .as("a later record of the partition").isEqualTo(user);
        assertThat(redis.hget(ownLayout.session(first.sessionId()), SessionHash.USER_ID))
                .as("the poison logout was not applied")
                .isEqualTo(user);
        assertThat(ProjectorFixtures.readAll(own.deadLetter(), BOUND, 1)).singleElement().satisfies(r -> {
            assertThat(header(r, "dlt.reason")).contains("schema version 'one' is not a number");
            assertThat(header(r, "dlt.offset")).isEqualTo("1");
        });
    }

    /**
     * The rollout's first step (docs/integrate.md): the projector knows {@code SessionExpired} before the auth-service
     * writes it. It is applied as the fence alone (the offset moves, nothing else), never dead-lettered, and the
     * records after it are applied; delivered again, it is fenced like any other.
     */
    @Test
    void sessionExpired_isAppliedAsAFencedNoOp_notDeadLettered_andTheRecordsAfterItAreApplied() {
        SessionTopics own = SessionTopics.unique();
        String ownPrefix = TestRedis.uniquePrefix();
        RedisLayout ownLayout = new RedisLayout(ownPrefix);
        String user = UUID.randomUUID().toString();
        SessionToken expired = SessionToken.generate();
        SessionToken later = SessionToken.generate();
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        send(record(own.events(), loggedIn(user, expired, created)));
        send(record(own.events(), new SessionExpired(user, expired.sessionId(), SessionExpired.IDLE_EXPIRED, created)));
        send(record(own.events(), loggedIn(user, later, created)));
        producer.flush();
        Map<String, String> p = TestProperties.isolated(ownPrefix, own);
        p.put("sessionstream.projector.group-id", "expired-" + ownPrefix);
        p.put("sessionstream.projector.max-batch", "1000");

        try (ApplicationContext projector = ApplicationContext.run(new HashMap<String, Object>(p))) {
            awaitCommitted(own.events(), "expired-" + ownPrefix);
            assertThat(counts(projector)).as("events, fenced, dead letters").containsExactly(3.0, 0.0, 0.0);
        }

        assertThat(redis.hget(ownLayout.session(later.sessionId()), SessionHash.USER_ID)).as("the record after it")
                .isEqualTo(user);
        assertThat(redis.hget(ownLayout.session(expired.sessionId()), SessionHash.USER_ID))
                .as("a no-op: the auth-service writes it only for a session the projection no longer holds").isEqualTo(user);
        Map<String, String> offsets = new HashMap<>(redis.hgetall(ownLayout.fence(user)));
        offsets.remove(AppliedHash.topicIdField(own.events()));
        assertThat(offsets.values()).as("the user's fence moved past all three").containsExactly("2");

        p.put("sessionstream.projector.group-id", "expired-again-" + ownPrefix);
        try (ApplicationContext again = ApplicationContext.run(new HashMap<String, Object>(p))) {
            awaitCommitted(own.events(), "expired-again-" + ownPrefix);
            assertThat(counts(again)).as("redelivered: each fenced as already applied").containsExactly(0.0, 3.0, 0.0);
        }
    }

    @Test
    void record_whosePreviousRecordInTheBatchIsNotApplied_isRefused_andChangesNothing() {
        String own = TestRedis.uniquePrefix();
        RedisLayout ownLayout = new RedisLayout(own);
        try (ApplicationContext context = ApplicationContext.run(new HashMap<String, Object>(TestProperties.isolated(own, SessionTopics.unique())))) {
            RedisProjection projection = context.getBean(RedisProjection.class);
            String topic = "order-" + UUID.randomUUID();
            String user = UUID.randomUUID().toString();
            SessionToken token = SessionToken.generate(user);
            LoggedIn in = loggedIn(user, token, Instant.now());

            assertThat(projection.apply(position(topic, 0, 5, 3), in))
                    .isEqualTo(RedisProjection.Outcome.REFUSED_PREVIOUS_NOT_APPLIED);
            assertThat(redis.exists(ownLayout.session(token.sessionId()))).isZero();
            assertThat(redis.hgetall(ownLayout.fence(user))).as("neither offset nor topic id recorded").isEmpty();

            projection.apply(position(topic, 0, 3), loggedIn(UUID.randomUUID().toString(), SessionToken.generate(),
                    Instant.now()));
            assertThat(projection.apply(position(topic, 0, 5, 3), in)).as("offset 3 was another user's")
                    .isEqualTo(RedisProjection.Outcome.REFUSED_PREVIOUS_NOT_APPLIED);

            projection.apply(position(topic, 0, 3), loggedIn(user, SessionToken.generate(user), Instant.now()));
            assertThat(projection.apply(position(topic, 0, 5, 3), in)).isEqualTo(RedisProjection.Outcome.APPLIED);
            assertThat(redis.hget(ownLayout.fence(user), AppliedHash.offsetField(topic, 0))).isEqualTo("5");
        }
    }

    @Test
    void batch_whileRedisRefusesWrites_isRetried_notSkipped_andAppliedOnceRedisTakesWritesAgain() {
        SessionTopics own = SessionTopics.unique();
        String ownPrefix = TestRedis.uniquePrefix();
        RedisLayout ownLayout = new RedisLayout(ownPrefix);
        String user = UUID.randomUUID().toString();
        SessionToken kept = SessionToken.generate();
        SessionToken gone = SessionToken.generate();
        Map<String, String> p = TestProperties.isolated(ownPrefix, own);
        p.put("sessionstream.projector.group-id", "oom-" + ownPrefix);
        String maxmemory = redis.configGet("maxmemory").get("maxmemory");
        String policy = redis.configGet("maxmemory-policy").get("maxmemory-policy");
        try (ApplicationContext projector = ApplicationContext.run(new HashMap<String, Object>(p))) {
            long failedBefore = failedScriptCalls();
            // A real Redis that refuses every write: each script fails with OOM, as when memory runs out.
            redis.configSet("maxmemory-policy", "noeviction");
            redis.configSet("maxmemory", "1");
            try {
                for (SessionEvent e : List.of(loggedIn(user, kept, Instant.now()), loggedIn(user, gone, Instant.now()),
                        new LoggedOut(user, gone.sessionId()))) {
                    send(codec.toRecord(own.events(), codec.encode(new Envelope<>(
                            EventMetadata.now("test", null, Clock.systemUTC()), e))));
                }
                producer.flush();
                await().atMost(BOUND).until(() -> failedScriptCalls() > failedBefore + 1);
                assertThat(redis.exists(ownLayout.session(kept.sessionId()))).isZero();
            } finally {
                redis.configSet("maxmemory", maxmemory);
                redis.configSet("maxmemory-policy", policy);
            }

            await().atMost(BOUND).untilAsserted(() ->
                    assertThat(redis.hget(ownLayout.session(kept.sessionId()), SessionHash.USER_ID)).isEqualTo(user));
            assertThat(redis.exists(ownLayout.session(gone.sessionId()))).isZero();
            assertThat(ProjectorFixtures.invalidations(codec, own.invalidations(), 1, BOUND))
                    .extracting(i -> i.payload().sessionIds()).containsExactly(List.of(gone.sessionId()));
        }
    }

    /** The projector's counters: events projected, records fenced as already applied, dead letters. */
    private static List<Double> counts(ApplicationContext projector) {
        MeterRegistry meters = projector.getBean(MeterRegistry.class);
        return List.of(meters.get("sessionstream.projector.events").counter().count(),
                meters.get("sessionstream.projector.fenced").counter().count(),
                meters.get("sessionstream.projector.dead.letters").counter().count());
    }

    private long failedScriptCalls() {
        String stats = redis.info("commandstats");
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("cmdstat_evalsha:.*rejected_calls=(\\d+),failed_calls=(\\d+)").matcher(stats);
        return m.find() ? Long.parseLong(m.group(1)) + Long.parseLong(m.group(2)) : 0;
    }

    private ApplicationContext startProjector(String group) {
        Map<String, String> p = TestProperties.isolated(prefix, topics);
        p.put("sessionstream.projector.group-id", group + "-" + prefix);
        p.put("sessionstream.projector.max-batch", "1000");
        return ApplicationContext.run(new HashMap<String, Object>(p));
    }

    /** Until the group has committed the end of every partition of the topic: every record applied and broadcast. */
    private void awaitCommitted(String topic, String group) {
        try (KafkaConsumer<String, byte[]> consumer = consumer();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            end.values().removeIf(offset -> offset == 0);
            await().atMost(BOUND).until(() -> {
                Map<TopicPartition, Long> committed = new HashMap<>();
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                        .forEach((tp, o) -> committed.put(tp, o.offset()));
                committed.keySet().retainAll(end.keySet());
                return committed.equals(end);
            });
        }
    }

    /**
     * Every key of the projection under the prefix: its type, content and absolute expiry. The delivery trace
     * ({@code t:<sid>}, written by each instance that applies a broadcast, for {@code ./admin trace}) is left out:
     * a redelivery re-broadcasts on purpose, so the trace is stamped again.
     */
    private Map<String, String> snapshot() {
        Map<String, String> keys = new TreeMap<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(layout.scanPattern()).limit(500));
            for (String key : page.getKeys()) {
                if (layout.inFamily(key, Family.TRACE)) {
                    continue;
                }
                String type = redis.type(key);
                String content = switch (type) {
                    case "hash" -> new TreeMap<>(redis.hgetall(key)).toString();
                    case "zset" -> redis.zrangeWithScores(key, 0, -1).toString();
                    case "string" -> redis.get(key);
                    default -> type;
                };
                keys.put(key, type + " " + content + " expires " + redis.pexpiretime(key));
            }
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    private EventMetadata publish(SessionEvent event) {
        EventMetadata metadata = EventMetadata.now("test", null, Clock.systemUTC());
        send(codec.toRecord(topics.events(), codec.encode(new Envelope<>(metadata, event))));
        return metadata;
    }

    private ProducerRecord<String, byte[]> record(String topic, SessionEvent event) {
        return codec.toRecord(topic, codec.encode(new Envelope<>(EventMetadata.now("test", null, Clock.systemUTC()), event)));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        // Not flushed one by one: the records go out together, as a backlog would.
        producer.send(record);
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private List<Envelope<Invalidation>> invalidations(int atLeast) {
        return ProjectorFixtures.invalidations(codec, topics.invalidations(), atLeast, BOUND);
    }
}
