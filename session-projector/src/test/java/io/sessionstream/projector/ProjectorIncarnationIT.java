package io.sessionstream.projector;

import static io.sessionstream.projector.ProjectorFixtures.loggedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sessionstream.client.SessionToken;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.LoggedOut;
import io.sessionstream.events.SessionEvent;
import io.sessionstream.events.SessionRevoked;
import io.sessionstream.store.AppliedHash;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.store.SessionHash;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestKafka;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * The projection of one incarnation of a topic meets another, on a real broker and a real Redis: the topic
 * deleted and created again under the same name (new topic id, offsets from 0 again), or a projection written
 * before topic ids were recorded. No record of the new incarnation is ever fenced by an old offset: the
 * projector refuses, visibly (readiness DOWN with the reason, one ERROR line, the gauge), commits nothing,
 * and projects once the projection has been rebuilt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectorIncarnationIT {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private final EventCodec codec = new EventCodec();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private KafkaProducer<String, byte[]> producer;
    private Admin admin;
    private RedisClient redisClient;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;

    @BeforeAll
    void open() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()));
        redisClient = RedisClient.create(TestRedis.uri());
        connection = redisClient.connect();
        redis = connection.sync();
    }

    @AfterAll
    void close() {
        producer.close();
        admin.close();
        connection.close();
        redisClient.shutdown();
    }

    @BeforeEach
    void captureLog() {
        log.list.clear();
        log.start();
        ((Logger) LoggerFactory.getLogger(ForeignProjection.class)).addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        ((Logger) LoggerFactory.getLogger(ForeignProjection.class)).detachAppender(log);
    }

    @Test
    void loginAndRevocations_onATopicCreatedAgain_areRefusedVisibly_neverSkipped_andProjectedAfterTheRebuild()
            throws Exception {
        Deployment stack = new Deployment();
        String user = UUID.randomUUID().toString();
        SessionToken old1 = SessionToken.generate();
        SessionToken old2 = SessionToken.generate();
        SessionToken old3 = SessionToken.generate();
        try (Projector projector = stack.startProjector()) {
            stack.publish(loggedIn(user, old1, Instant.now()));
            stack.publish(loggedIn(user, old2, Instant.now()));
            int partition = stack.publish(loggedIn(user, old3, Instant.now())).partition();
            stack.awaitCommitted(Map.of(new TopicPartition(stack.topics.events(), partition), 3L));
        }
        Uuid first = topicId(stack.topics.events());
        Map<String, String> appliedBefore = redis.hgetall(stack.layout.applied());
        assertThat(appliedBefore).containsEntry(AppliedHash.topicIdField(stack.topics.events()), first.toString());

        recreate(stack.topics.events());
        Uuid second = topicId(stack.topics.events());
        SessionToken fresh = SessionToken.generate();
        // Offsets 0, 1, 2 of the new incarnation: each at or below the old incarnation's last applied offset (2).
        stack.publish(loggedIn(user, fresh, Instant.now()));
        stack.publish(new LoggedOut(user, old1.sessionId()));
        stack.publish(new SessionRevoked(user, List.of(old2.sessionId()), "revoked_by_user"));
        Map<TopicPartition, OffsetAndMetadata> committedBefore = stack.committed();

        try (Projector projector = stack.startProjector()) {
            ForeignProjection foreign = projector.bean(ForeignProjection.class);
            await().atMost(BOUND).until(() -> foreign.refusals() >= 3);

            HttpResponse<String> readiness = projector.get("/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"sessionProjection\"", "\"state\":\"foreign\"",
                    "\"storedTopicId\":\"" + first + "\"", "\"currentTopicId\":\"" + second + "\"", "./admin rebuild");
            assertThat(projector.bean(MeterRegistry.class).get("sessionstream.projector.foreign").gauge().value())
                    .isEqualTo(1.0);
            assertThat(log.list).as("one ERROR line however often the batch is retried").singleElement().satisfies(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                assertThat(e.getFormattedMessage()).contains(stack.topics.events(), "topic id " + first,
                        "has topic id " + second, "stop every session-projector, then run ./admin rebuild");
            });
            assertThat(redis.exists(stack.session(fresh))).as("the login is not projected").isZero();
            assertThat(redis.exists(stack.session(old1))).as("the logout is not applied, but refused visibly").isOne();
            assertThat(redis.hgetall(stack.layout.applied())).as("nothing fenced, nothing claimed")
                    .isEqualTo(appliedBefore);
            assertThat(stack.committed()).as("nothing committed").isEqualTo(committedBefore);
        }

        Command rebuild = stack.rebuild();

        assertThat(rebuild.code()).as(rebuild.err()).isZero();
        assertThat(rebuild.out()).matches("rebuild: events=3 dead-lettered=0 touches=0 sessions=1 topic-id=" + second
                + " in \\d+ ms\\R");
        assertThat(redis.hget(stack.session(fresh), SessionHash.USER_ID)).isEqualTo(user);
        assertThat(redis.exists(stack.session(old1), stack.session(old2), stack.session(old3)))
                .as("the old incarnation's sessions are not this topic's").isZero();
        assertThat(redis.hget(stack.layout.applied(), AppliedHash.topicIdField(stack.topics.events())))
                .isEqualTo(second.toString());

        SessionToken later = SessionToken.generate();
        try (Projector projector = stack.startProjector()) {
            await().atMost(BOUND).until(() -> projector.get("/health/readiness").statusCode() == 200);
            stack.publish(loggedIn(user, later, Instant.now()));
            await().atMost(BOUND).untilAsserted(() ->
                    assertThat(redis.hget(stack.session(later), SessionHash.USER_ID)).isEqualTo(user));
            assertThat(projector.bean(ForeignProjection.class).isRefusing()).isFalse();
        }
    }

    @Test
    void projectionWrittenBeforeTopicIdsWereRecorded_isRefused_andProjectingResumesByItselfOnceItIsThisTopics()
            throws Exception {
        Deployment stack = new Deployment();
        String user = UUID.randomUUID().toString();
        SessionToken token = SessionToken.generate();
        int partition = stack.publish(loggedIn(user, token, Instant.now())).partition();
        // What a projector of an earlier version (or of another cluster) left: offsets, no topic id.
        redis.hset(stack.layout.applied(), AppliedHash.offsetField(stack.topics.events(), partition), "41");

        try (Projector projector = stack.startProjector()) {
            ForeignProjection foreign = projector.bean(ForeignProjection.class);
            await().atMost(BOUND).until(() -> foreign.refusals() >= 2);
            assertThat(projector.get("/health/readiness").body()).contains("\"storedTopicId\":\"none\"");
            assertThat(log.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                    .contains("per-partition offsets: written by an earlier version"));
            assertThat(redis.exists(stack.session(token))).isZero();

            // As a rebuild would leave it (here without stopping the projector, to see it resume by itself).
            redis.del(stack.layout.applied());

            await().atMost(BOUND).untilAsserted(() ->
                    assertThat(redis.hget(stack.session(token), SessionHash.USER_ID)).isEqualTo(user));
            await().atMost(BOUND).until(() -> projector.get("/health/readiness").statusCode() == 200);
            assertThat(projector.bean(MeterRegistry.class).get("sessionstream.projector.foreign").gauge().value()).isZero();
            assertThat(log.list).last().satisfies(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.INFO);
                assertThat(e.getFormattedMessage()).contains("again");
            });
            assertThat(redis.hget(stack.layout.applied(), AppliedHash.topicIdField(stack.topics.events())))
                    .isEqualTo(topicId(stack.topics.events()).toString());
        }
    }

    @Test
    void recordFencedUnderAStaleTopicId_isNotCommitted_andTheRetryMeetsTheNewIncarnation() throws Exception {
        Deployment stack = new Deployment();
        String user = UUID.randomUUID().toString();
        SessionToken before = SessionToken.generate();
        SessionToken after = SessionToken.generate();
        Map<String, Object> properties = stack.properties();
        try (ApplicationContext context = ApplicationContext.builder().properties(properties)
                .environments(ProjectorApplication.COMMAND_ENVIRONMENT).start()) {
            EventProjector projector = context.getBean(EventProjector.class);
            Uuid first = topicId(stack.topics.events());
            projector.project(List.of(stack.record(0, 5, loggedIn(user, before, Instant.now()))));
            assertThat(redis.hget(stack.layout.applied(), AppliedHash.topicIdField(stack.topics.events())))
                    .isEqualTo(first.toString());

            recreate(stack.topics.events());
            Uuid second = topicId(stack.topics.events());
            // The projector still holds the first id (no assignment in between): offset 3 is fenced under it.
            List<ConsumerRecord<String, byte[]>> batch = List.of(stack.record(0, 3, loggedIn(user, after, Instant.now())));

            assertThatThrownBy(() -> projector.project(batch)).as("fenced under a stale topic id: not to be committed")
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("created again")
                    .hasMessageContaining(first + ", now " + second);
            assertThatThrownBy(() -> projector.project(batch)).as("the retry, with the current id")
                    .isInstanceOfSatisfying(ForeignProjectionException.class, e -> assertThat(e.refusal())
                            .isEqualTo(new ForeignProjection.Refusal(stack.topics.events(), first.toString(),
                                    second.toString())));
            assertThat(redis.exists(stack.session(after))).isZero();
        }
    }

    @Test
    void checkCommand_tellsThisTopicsProjectionFromAnotherIncarnations() throws Exception {
        Deployment stack = new Deployment();
        Uuid first = topicId(stack.topics.events());

        assertThat(stack.check()).isEqualTo(new Command(0, "check: topic=" + stack.topics.events() + " topic-id=" + first
                + " projection=none projection-topic-id=none" + System.lineSeparator(), ""));

        String user = UUID.randomUUID().toString();
        int partition = stack.publish(loggedIn(user, SessionToken.generate(), Instant.now())).partition();
        try (Projector projector = stack.startProjector()) {
            stack.awaitCommitted(Map.of(new TopicPartition(stack.topics.events(), partition), 1L));
        }
        assertThat(stack.check().out()).contains("projection=same projection-topic-id=" + first);

        recreate(stack.topics.events());
        Uuid second = topicId(stack.topics.events());
        Command check = stack.check();

        assertThat(check.code()).isEqualTo(3);
        assertThat(check.out()).isEqualTo("check: topic=" + stack.topics.events() + " topic-id=" + second
                + " projection=foreign projection-topic-id=" + first + System.lineSeparator());
        assertThat(check.err()).contains("another incarnation of " + stack.topics.events(), "./admin rebuild");
    }

    /** Deletes the topic and creates it again under the same name: a new incarnation, with a new topic id. */
    private void recreate(String topic) throws Exception {
        admin.deleteTopics(List.of(topic)).all().get();
        await().atMost(BOUND).until(() -> !admin.listTopics().names().get().contains(topic));
        await().atMost(BOUND).ignoreExceptions().until(() -> {
            admin.createTopics(List.of(new NewTopic(topic, SessionTopics.PARTITIONS, (short) 1))).all().get();
            return true;
        });
        await().atMost(BOUND).ignoreExceptions().until(() -> topicId(topic) != null);
    }

    private Uuid topicId(String topic) throws InterruptedException, ExecutionException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
    }

    /** What a command printed and answered. */
    private record Command(int code, String out, String err) {
    }

    /** A running projector with its HTTP server. */
    private static final class Projector implements AutoCloseable {
        private final EmbeddedServer server;

        Projector(Map<String, Object> properties) {
            this.server = ApplicationContext.run(EmbeddedServer.class, properties);
        }

        <T> T bean(Class<T> type) {
            return server.getApplicationContext().getBean(type);
        }

        HttpResponse<String> get(String path) throws Exception {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort()
                    + path)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() {
            server.stop();
            if (server.getApplicationContext().isRunning()) {
                server.getApplicationContext().close();
            }
        }
    }

    /** One test's Redis prefix, topics and consumer group. */
    private final class Deployment {
        final String prefix = TestRedis.uniquePrefix();
        final RedisLayout layout = new RedisLayout(prefix);
        final SessionTopics topics = SessionTopics.unique();
        final String group = "incarnation-" + UUID.randomUUID();

        Map<String, Object> properties() {
            Map<String, String> p = TestProperties.isolated(prefix, topics);
            p.put("sessionstream.projector.group-id", group);
            p.put("micronaut.server.port", "-1");
            // An operator who wants the health details turns them on (they are off by default).
            p.put("endpoints.health.details-visible", "ANONYMOUS");
            return new HashMap<>(p);
        }

        Projector startProjector() {
            return new Projector(properties());
        }

        Command rebuild() {
            return run(RebuildCommand::run);
        }

        Command check() {
            return run(CheckCommand::run);
        }

        private Command run(CommandRunner command) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = command.run(ApplicationContext.builder().properties(properties()),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Command(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }

        RecordMetadata publish(SessionEvent event) throws Exception {
            return producer.send(codec.toRecord(topics.events(), codec.encode(new Envelope<>(
                    EventMetadata.now("test", null, Clock.systemUTC()), event)))).get();
        }

        /** The event as the consumer would hand it over from {@code partition} at {@code offset}. */
        ConsumerRecord<String, byte[]> record(int partition, long offset, SessionEvent event) {
            ProducerRecord<String, byte[]> sent = codec.toRecord(topics.events(), codec.encode(new Envelope<>(
                    EventMetadata.now("test", null, Clock.systemUTC()), event)));
            return new ConsumerRecord<>(topics.events(), partition, offset, System.currentTimeMillis(),
                    TimestampType.CREATE_TIME, ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE, sent.key(), sent.value(),
                    sent.headers(), Optional.empty());
        }

        Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        }

        void awaitCommitted(Map<TopicPartition, Long> offsets) {
            await().atMost(BOUND).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = committed();
                return offsets.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() == e.getValue());
            });
        }

        String session(SessionToken token) {
            return layout.session(token.sessionId());
        }
    }

    @FunctionalInterface
    private interface CommandRunner {
        int run(io.micronaut.context.ApplicationContextBuilder builder, PrintStream out, PrintStream err);
    }
}
