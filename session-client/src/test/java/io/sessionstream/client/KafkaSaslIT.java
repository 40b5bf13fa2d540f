package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import io.sessionstream.client.Validation.Admitted;
import io.sessionstream.client.Validation.Reason;
import io.sessionstream.client.Validation.Rejected;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.Invalidation;
import io.sessionstream.events.SessionTouched;
import io.sessionstream.testkit.EmbeddedKafka;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The session client on a Kafka that requires SASL/PLAIN, as most managed Kafka services do: a real broker whose
 * client listener admits one user ({@link EmbeddedKafka#startWithSaslPlain}), and an application context with the
 * validator, the invalidation listener and the activity publisher configured only through
 * {@code sessionstream.client.kafka.*}. The test plays the projector on the broker's open listener.
 *
 * <p>Every line logged meanwhile, Kafka's own at INFO included (its clients print their whole configuration), is
 * searched for the password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSaslIT {

    private static final String USER = "orders-app";
    private static final String PASSWORD = "pl41n-" + UUID.randomUUID();
    private static final List<String> CAPTURED_AT_DEBUG = List.of(InvalidationListener.class.getName(),
            ActivityPublisher.class.getName());

    private final EmbeddedKafka kafka = startBroker();
    private final SessionTopics topics = SessionTopics.unique(kafka.bootstrapServers());
    private final String prefix = TestRedis.uniquePrefix();
    private final EventCodec codec = new EventCodec();
    private final CapturingAppender log = new CapturingAppender();
    private final Map<String, Level> levelsBefore = new java.util.HashMap<>();

    private static EmbeddedKafka startBroker() {
        try {
            return EmbeddedKafka.startWithSaslPlain(Files.createTempDirectory("kafka-sasl"), USER, PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void captureEveryLogLine() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log.clear();
        root.addAppender(log);
        log.start();
        // Kafka's clients log their configuration at INFO; the suite's logback-test.xml keeps them at WARN.
        setLevel("org.apache.kafka", Level.INFO);
        CAPTURED_AT_DEBUG.forEach(name -> setLevel(name, Level.DEBUG));
    }

    @AfterEach
    void restoreLogging() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        levelsBefore.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
        levelsBefore.clear();
    }

    @AfterAll
    void closeBroker() {
        kafka.close();
    }

    @Test
    void rightCredentials_revocationBroadcastEvictsTheSession_touchIsPublished_andNoLogLineHoldsThePassword() {
        try (ApplicationContext context = ApplicationContext.run(properties(EmbeddedKafka.plainJaasConfig(USER, PASSWORD)))) {
            CacheTrust trust = context.getBean(CacheTrust.class);
            await().atMost(Duration.ofSeconds(30)).until(trust::isTrusted);
            SessionValidator validator = context.getBean(SessionValidator.class);
            NearCache nearCache = context.getBean(NearCache.class);
            SessionToken token = new StoredSessions(redis(context), prefix).store("user-1");

            assertThat(validator.validate(token.value())).isInstanceOf(Admitted.class);
            assertThat(nearCache.get(token.sessionId())).as("cached while trusted").isPresent();
            assertThat(readiness(context).getStatus()).isEqualTo(HealthStatus.UP);

            broadcast(Invalidation.ofSessions("user-1", List.of(token.sessionId()), "logout"));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> nearCache.get(token.sessionId()).isEmpty());
            assertThat(validator.validate(token.value())).isEqualTo(new Rejected(Reason.REVOKED));

            assertThat(touchesOn(topics.activity(), t -> t.sessionId().equals(token.sessionId())))
                    .singleElement().satisfies(t -> assertThat(t.userId()).isEqualTo("user-1"));
        }

        assertThat(log.lines()).as("Kafka's clients printed their configuration, with the JAAS entry hidden")
                .anyMatch(line -> line.contains("ConsumerConfig values") && line.contains("sasl.jaas.config = [hidden]"))
                .anyMatch(line -> line.contains("ProducerConfig values") && line.contains("sasl.jaas.config = [hidden]"));
        assertThat(log.lines()).as("no log line holds the password").noneMatch(line -> line.contains(PASSWORD));
        assertThat(log.events(InvalidationListener.class, Level.WARN)).isEmpty();
    }

    @Test
    void wrongPassword_isSaidOnceByEachClient_whileTheInstanceStaysNotReady_andServesFromRedisOnly() {
        try (ApplicationContext context = ApplicationContext.run(properties(EmbeddedKafka.plainJaasConfig(USER, "wrong")))) {
            // Each attempt fails within a second; wait for two more after the first, said at DEBUG only.
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> log.events(InvalidationListener.class, Level.DEBUG).size() >= 2);

            assertThat(log.events(InvalidationListener.class, Level.WARN)).singleElement().satisfies(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                assertThat(e.getFormattedMessage())
                        .startsWith("Invalidation listener on " + topics.invalidations() + " cannot use Kafka at "
                                + kafka.saslBootstrapServers() + " (security.protocol=SASL_PLAINTEXT, sasl.mechanism=PLAIN): "
                                + "SaslAuthenticationException")
                        .contains("near cache is not trusted", "readiness is DOWN", "sessionstream.client.kafka.*");
            });
            assertThat(context.getBean(InvalidationListener.class).isReady()).isFalse();
            assertThat(context.getBean(CacheTrust.class).isTrusted()).isFalse();
            assertThat(readiness(context).getStatus()).isEqualTo(HealthStatus.DOWN);

            SessionValidator validator = context.getBean(SessionValidator.class);
            SessionToken first = new StoredSessions(redis(context), prefix).store("user-2");
            SessionToken second = new StoredSessions(redis(context), prefix).store("user-2");
            assertThat(validator.validate(first.value())).as("still answered, from Redis").isInstanceOf(Admitted.class);
            assertThat(validator.validate(second.value())).isInstanceOf(Admitted.class);
            assertThat(context.getBean(NearCache.class).get(first.sessionId())).as("never cached while untrusted").isEmpty();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> log.events(ActivityPublisher.class, Level.DEBUG).size() >= 1);
            assertThat(log.events(ActivityPublisher.class, Level.WARN)).singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage())
                            .startsWith("Activity publisher on " + topics.activity() + " cannot use Kafka at ")
                            .contains("SaslAuthenticationException", "touches are dropped"));
        }
        assertThat(log.lines()).noneMatch(line -> line.contains(PASSWORD));
    }

    @Test
    void noCredentials_isSaidOnce_asKafkaNotAnswering_whileTheInstanceStaysNotReady() {
        Map<String, String> plaintext = TestProperties.isolated(kafka.saslBootstrapServers(), prefix, topics);
        try (ApplicationContext context = ApplicationContext.run(Map.<String, Object>copyOf(plaintext))) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !log.events(InvalidationListener.class, Level.WARN).isEmpty());

            assertThat(log.events(InvalidationListener.class, Level.WARN)).singleElement().satisfies(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getFormattedMessage())
                        .startsWith("Invalidation listener on " + topics.invalidations() + " cannot reach Kafka at "
                                + kafka.saslBootstrapServers() + " (security.protocol=PLAINTEXT): TimeoutException")
                        .contains("bootstrap.servers and security.protocol");
            });
            assertThat(context.getBean(CacheTrust.class).isTrusted()).isFalse();
            assertThat(readiness(context).getStatus()).isEqualTo(HealthStatus.DOWN);
        }
    }

    private Map<String, Object> properties(String jaasConfig) {
        Map<String, Object> p = new java.util.HashMap<>(TestProperties.isolated(kafka.saslBootstrapServers(), prefix, topics));
        p.put(SessionClientConfiguration.KAFKA_PREFIX + ".security.protocol", "SASL_PLAINTEXT");
        p.put(SessionClientConfiguration.KAFKA_PREFIX + ".sasl.mechanism", "PLAIN");
        p.put(SessionClientConfiguration.KAFKA_PREFIX + ".sasl.jaas.config", jaasConfig);
        return p;
    }

    /** What the projector does: one invalidation on the broadcast, here through the broker's open listener. */
    private void broadcast(Invalidation invalidation) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(codec.toRecord(topics.invalidations(), codec.encodeInvalidation(new Envelope<>(
                    EventMetadata.now("test", null, Clock.systemUTC()), invalidation))));
        }
    }

    private List<SessionTouched> touchesOn(String topic, Predicate<SessionTouched> until) {
        List<SessionTouched> touches = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                consumer.poll(Duration.ofMillis(100))
                        .forEach(r -> touches.add((SessionTouched) codec.decodeSessionEvent(r).payload()));
                return touches.stream().anyMatch(until);
            });
        }
        return touches;
    }

    @SuppressWarnings("unchecked")
    private static StatefulRedisConnection<String, String> redis(ApplicationContext context) {
        return context.getBean(StatefulRedisConnection.class);
    }

    private static HealthResult readiness(ApplicationContext context) {
        return Mono.from(context.getBean(InvalidationListenerHealth.class).getResult()).block(Duration.ofSeconds(5));
    }

    private void setLevel(String name, Level level) {
        Logger logger = (Logger) LoggerFactory.getLogger(name);
        levelsBefore.putIfAbsent(name, logger.getLevel());
        logger.setLevel(level);
    }

    /** Every event logged anywhere, kept with its whole text: message and the messages of its causes. */
    private static final class CapturingAppender extends ListAppender<ILoggingEvent> {

        private final List<ILoggingEvent> all = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            all.add(event);
        }

        void clear() {
            all.clear();
        }

        List<String> lines() {
            return all.stream().map(CapturingAppender::text).toList();
        }

        /** The events of {@code type}'s logger at exactly DEBUG, or at WARN and above. */
        List<ILoggingEvent> events(Class<?> type, Level level) {
            return all.stream().filter(e -> e.getLoggerName().equals(type.getName()))
                    .filter(e -> level == Level.DEBUG ? e.getLevel() == Level.DEBUG : e.getLevel().isGreaterOrEqual(level))
                    .toList();
        }

        private static String text(ILoggingEvent event) {
            StringBuilder text = new StringBuilder(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append('\n').append(t.getClassName()).append(": ").append(t.getMessage());
            }
            return text.toString();
        }
    }
}
