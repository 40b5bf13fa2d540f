package io.sessionstream.projector;

import static io.sessionstream.projector.ProjectorFixtures.loggedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.ApplicationContext;
import io.sessionstream.client.SessionToken;
import io.sessionstream.events.AllSessionsRevoked;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.LoggedIn;
import io.sessionstream.events.LoggedOut;
import io.sessionstream.events.PasswordChanged;
import io.sessionstream.events.SessionEvent;
import io.sessionstream.events.SessionRevoked;
import io.sessionstream.events.SessionTouched;
import io.sessionstream.store.AppliedHash;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.store.RedisLayout.Family;
import io.sessionstream.store.SessionHash;
import io.sessionstream.testkit.Ports;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestKafka;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The rebuild command against real Kafka and Redis: a projector projects a history and stops, Redis
 * loses the projection, and the rebuild — run as the command runs it, in its own context — restores
 * exactly the live sessions; a projector started afterwards continues where the rebuild stopped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RebuildIT {

    private static final Duration BOUND = Duration.ofSeconds(20);

    private final EventCodec codec = new EventCodec();
    private KafkaProducer<String, byte[]> producer;
    private RedisClient redisClient;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;
    private KafkaPositions kafka;

    @BeforeAll
    void open() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
        redisClient = RedisClient.create(TestRedis.uri());
        connection = redisClient.connect();
        redis = connection.sync();
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        kafka = new KafkaPositions(admin);
    }

    @AfterAll
    void close() {
        kafka.close();
        producer.close();
        connection.close();
        redisClient.shutdown();
    }

    @Test
    void rebuild_afterRedisLostTheProjection_restoresExactlyTheLiveSessions_andProjectorsContinueWhereItStopped() {
        Deployment stack = new Deployment();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String alice = user();
        String bob = user();
        String carol = user();
        String dave = user();
        String erin = user();
        SessionToken a1 = SessionToken.generate();
        SessionToken a2 = SessionToken.generate();
        SessionToken b1 = SessionToken.generate();
        SessionToken b2 = SessionToken.generate();
        SessionToken b3 = SessionToken.generate();
        SessionToken c1 = SessionToken.generate();
        SessionToken c2 = SessionToken.generate();
        SessionToken c3 = SessionToken.generate();
        SessionToken d1 = SessionToken.generate();
        SessionToken d2 = SessionToken.generate();
        SessionToken kept = SessionToken.generate();
        SessionToken idled = SessionToken.generate();
        Instant before = now.minusSeconds(5);
        Instant thirtyHoursAgo = now.minus(Duration.ofHours(30));
        Instant lastTouch = now.minus(Duration.ofHours(1));
        Instant aliceTouch = now.minusSeconds(2);

        stack.publish(loggedIn(alice, a1, before));
        stack.publish(loggedIn(alice, a2, now));
        stack.send(new ProducerRecord<>(stack.topics.events(), alice, "{not a cloud event".getBytes(StandardCharsets.UTF_8)));
        stack.publish(new LoggedOut(alice, a2.sessionId()));
        stack.publish(loggedIn(bob, b1, now));
        stack.publish(loggedIn(bob, b2, now));
        stack.publish(loggedIn(bob, b3, now));
        stack.publish(new SessionRevoked(bob, List.of(b1.sessionId(), b2.sessionId()), "revoked_by_user"));
        stack.publish(loggedIn(carol, c1, before));
        stack.publish(loggedIn(carol, c2, before));
        stack.publish(new AllSessionsRevoked(carol, null, now, "logout_everywhere"));
        stack.publish(loggedIn(carol, c3, now.plusMillis(1)));
        stack.publish(loggedIn(dave, d1, before));
        stack.publish(loggedIn(dave, d2, before));
        stack.publish(new PasswordChanged(dave, d1.sessionId(), now));
        // (i) 30 h old, idle timeout 24 h, kept alive by its touches; (ii) as old, never touched: idle-expired.
        stack.publish(new LoggedIn(erin, kept.sessionId(), kept.secretHash(), thirtyHoursAgo,
                thirtyHoursAgo.plus(Duration.ofDays(7)), thirtyHoursAgo.plus(Duration.ofHours(24)), null, null, null));
        stack.publish(new LoggedIn(erin, idled.sessionId(), idled.secretHash(), thirtyHoursAgo,
                thirtyHoursAgo.plus(Duration.ofDays(7)), thirtyHoursAgo.plus(Duration.ofHours(24)), null, null, null));
        stack.publish(stack.topics.activity(), new SessionTouched(erin, kept.sessionId(), lastTouch));
        stack.publish(stack.topics.activity(), new SessionTouched(erin, kept.sessionId(), now.minus(Duration.ofHours(20))));
        stack.publish(stack.topics.activity(), new SessionTouched(alice, a1.sessionId(), aliceTouch));
        stack.publish(stack.topics.activity(), new SessionTouched(alice, a2.sessionId(), aliceTouch));
        int events = 17;

        try (ApplicationContext projector = stack.startProjector()) {
            stack.awaitProjected();
            assertThat(redis.exists(stack.session(kept)))
                    .as("seen live only now, 30 h after its login, it looks idle-expired: only a rebuild restores it")
                    .isZero();
        }
        assertThat(stack.sessions()).containsExactlyInAnyOrderElementsOf(stack.sessionKeys(a1, b3, c3, d1));
        assertThat(stack.deadLetters()).isEqualTo(1);
        assertThat(stack.invalidations()).isEqualTo(4);

        stack.flushRedis();
        Map<TopicPartition, Long> eventsEnd = kafka.endOffsets(stack.topics.events());
        Map<TopicPartition, Long> activityEnd = kafka.endOffsets(stack.topics.activity());
        Command rebuild = stack.rebuild();

        assertThat(rebuild.code()).as(rebuild.err()).isZero();
        Uuid topicId = topicId(stack.topics.events());
        assertThat(rebuild.out()).matches("rebuild: events=" + events
                + " dead-lettered=1 touches=2 sessions=5 topic-id=" + topicId + " in \\d+ ms\\R");
        assertThat(stack.sessions()).containsExactlyInAnyOrderElementsOf(stack.sessionKeys(a1, b3, c3, d1, kept));
        assertThat(redis.hget(stack.session(kept), SessionHash.IDLE_EXPIRY))
                .as("idle one timeout after its latest touch").isEqualTo(millis(lastTouch.plus(Duration.ofHours(24))));
        assertThat(redis.hget(stack.session(kept), SessionHash.LAST_SEEN)).isEqualTo(millis(lastTouch));
        assertThat(redis.hget(stack.session(kept), SessionHash.IDLE_TIMEOUT))
                .isEqualTo(String.valueOf(Duration.ofHours(24).toMillis()));
        assertThat(redis.pttl(stack.session(kept))).isGreaterThan(Duration.ofHours(22).toMillis());
        assertThat(redis.hget(stack.session(a1), SessionHash.LAST_SEEN)).isEqualTo(millis(aliceTouch));
        assertThat(redis.hgetall(stack.layout.applied())).as("the projection is of this incarnation of the topic")
                .isEqualTo(Map.of(AppliedHash.topicIdField(stack.topics.events()), topicId.toString()));
        lastOffsetsPerUser(stack.topics.events(), topicId).forEach((user, fence) ->
                assertThat(redis.hgetall(stack.layout.fence(user))).as("%s's fence stands at the user's last record "
                        + "replayed, of this incarnation of the topic", user).isEqualTo(fence));
        assertThat(kafka.committed(stack.group)).isEqualTo(eventsEnd);
        assertThat(kafka.committed(stack.group + "-activity")).isEqualTo(activityEnd);
        assertThat(stack.deadLetters()).as("the replay dead-letters the poison record again").isEqualTo(2);
        assertThat(stack.invalidations()).as("and publishes every revocation again").isEqualTo(8);

        SessionToken later = SessionToken.generate();
        try (ApplicationContext projector = stack.startProjector()) {
            stack.publish(loggedIn(user(), later, Instant.now()));
            stack.awaitProjected();
        }
        assertThat(stack.sessions()).containsExactlyInAnyOrderElementsOf(stack.sessionKeys(a1, b3, c3, d1, kept, later));
        assertThat(stack.deadLetters()).as("nothing replayed twice").isEqualTo(2);
        assertThat(stack.invalidations()).isEqualTo(8);
    }

    @Test
    void rebuild_whileAProjectorRuns_isRefused_andChangesNothing() {
        Deployment stack = new Deployment();
        SessionToken token = SessionToken.generate();

        try (ApplicationContext projector = stack.startProjector()) {
            stack.publish(loggedIn(user(), token, Instant.now()));
            stack.awaitProjected();
            Map<String, String> applied = redis.hgetall(stack.layout.applied());

            Command rebuild = stack.rebuild();

            assertThat(rebuild.code()).isEqualTo(2);
            assertThat(rebuild.out()).isEmpty();
            assertThat(rebuild.err()).isEqualTo("rebuild refused: stop every session-projector first: consumer group "
                    + stack.group + " has 1 active members" + System.lineSeparator());
            assertThat(stack.sessions()).containsExactly(stack.session(token));
            assertThat(redis.hgetall(stack.layout.applied())).isEqualTo(applied);
        }
    }

    @Test
    void rebuild_withRedisUnreachable_failsWithExit1_sayingWhy_andChangesNothingInKafka() {
        Deployment stack = new Deployment();
        stack.publish(loggedIn(user(), SessionToken.generate(), Instant.now()));
        int closed = Ports.free();

        Command rebuild = stack.rebuild(Map.of("redis.uri", "redis://127.0.0.1:" + closed));

        assertThat(rebuild.code()).isEqualTo(1);
        assertThat(rebuild.out()).isEmpty();
        assertThat(rebuild.err()).startsWith("rebuild failed: Cannot connect to Redis: Unable to connect to ")
                .contains(":" + closed).contains("nothing was changed").doesNotContain("\tat ");
        assertThat(kafka.committed(stack.group)).isEmpty();
    }

    /** What the command printed and answered. */
    private record Command(int code, String out, String err) {
    }

    /** One test's Redis prefix, topics and consumer group: a deployment of its own. */
    private final class Deployment {
        final String prefix = TestRedis.uniquePrefix();
        final RedisLayout layout = new RedisLayout(prefix);
        final SessionTopics topics = SessionTopics.unique();
        final String group = "rebuild-" + UUID.randomUUID();

        Map<String, Object> properties() {
            Map<String, String> p = TestProperties.isolated(prefix, topics);
            p.put("sessionstream.projector.group-id", group);
            p.put("micronaut.server.port", "-1");
            return new HashMap<>(p);
        }

        ApplicationContext startProjector() {
            return ApplicationContext.run(properties());
        }

        /** Runs the rebuild command as {@code java -jar ... rebuild} does, with the projector's properties. */
        Command rebuild() {
            return rebuild(Map.of());
        }

        Command rebuild(Map<String, Object> overrides) {
            Map<String, Object> properties = properties();
            properties.putAll(overrides);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = RebuildCommand.run(ApplicationContext.builder().properties(properties),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Command(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }

        /** Until the events group has committed the end of every partition: every event applied and broadcast. */
        void awaitProjected() {
            ProjectorFixtures.awaitProjected(kafka, topics.events(), group, BOUND);
        }

        /** Deletes every key under the prefix, as a Redis flush would. */
        void flushRedis() {
            keys(layout.scanPattern()).forEach(redis::del);
            assertThat(keys(layout.scanPattern())).isEmpty();
        }

        Set<String> sessions() {
            return keys(layout.scanPattern(Family.SESSION));
        }

        String session(SessionToken token) {
            return layout.session(token.sessionId());
        }

        List<String> sessionKeys(SessionToken... tokens) {
            return java.util.Arrays.stream(tokens).map(this::session).toList();
        }

        int deadLetters() {
            return ProjectorFixtures.readAll(topics.deadLetter(), BOUND, 0).size();
        }

        int invalidations() {
            return ProjectorFixtures.readAll(topics.invalidations(), BOUND, 0).size();
        }

        void publish(SessionEvent event) {
            publish(topics.events(), event);
        }

        void publish(String topic, SessionEvent event) {
            send(codec.toRecord(topic, codec.encode(new Envelope<>(EventMetadata.now("test", null, Clock.systemUTC()),
                    event))));
        }

        void send(ProducerRecord<String, byte[]> record) {
            try {
                producer.send(record).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private Set<String> keys(String pattern) {
        Set<String> keys = new HashSet<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    /**
     * Each user's fence ({@code {p}f:<uid>}) as it stands after replaying every record of the topic: the offset of the
     * user's last record that decodes (a dead-lettered record moves no fence), and the topic id it belongs to.
     */
    private static Map<String, Map<String, String>> lastOffsetsPerUser(String topic, Uuid topicId) {
        EventCodec codec = new EventCodec();
        Map<String, Map<String, String>> fences = new HashMap<>();
        for (var record : io.sessionstream.testkit.Topics.readCommitted(TestKafka.bootstrapServers(), topic)) {
            String user;
            try {
                user = codec.decodeSessionEvent(record).payload().userId();
            } catch (RuntimeException poison) {
                continue;
            }
            Map<String, String> fence = fences.computeIfAbsent(user, u -> new HashMap<>());
            fence.put(AppliedHash.offsetField(topic, record.partition()), String.valueOf(record.offset()));
            fence.put(AppliedHash.topicIdField(topic), topicId.toString());
        }
        return fences;
    }

    private static Uuid topicId(String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static String user() {
        return UUID.randomUUID().toString();
    }

    private static String millis(Instant instant) {
        return String.valueOf(instant.toEpochMilli());
    }
}
