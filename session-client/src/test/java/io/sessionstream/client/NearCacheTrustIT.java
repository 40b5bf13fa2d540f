package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.client.Validation.Admitted;
import io.sessionstream.client.Validation.Reason;
import io.sessionstream.client.Validation.Rejected;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.Invalidation;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.testkit.EmbeddedKafka;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import io.sessionstream.testkit.Topics;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The trust rule against a real broker that this instance reaches only through a proxy the test cuts:
 * a real network partition of one instance from Kafka, while Redis stays reachable.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NearCacheTrustIT implements TestPropertyProvider {

    private static final Duration BOUND = Duration.ofSeconds(1);

    private final String prefix = TestRedis.uniquePrefix();
    private final RedisLayout layout = new RedisLayout(prefix);
    private final SessionTopics topics = SessionTopics.unique();
    private final EmbeddedKafka kafka = startBroker();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
    private final EventCodec codec = new EventCodec();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @Inject
    SessionValidator validator;
    @Inject
    NearCache nearCache;
    @Inject
    CacheTrust trust;
    @Inject
    InvalidationListenerHealth health;
    @Inject
    MeterRegistry meters;
    @Inject
    StatefulRedisConnection<String, String> redis;

    private static EmbeddedKafka startBroker() {
        try {
            return EmbeddedKafka.startPartitionable(Files.createTempDirectory("kafka-trust"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getProperties() {
        Topics.create(kafka.bootstrapServers(), topics.all(), SessionTopics.PARTITIONS);
        Map<String, String> p = new HashMap<>(TestProperties.isolated(prefix, topics));
        p.put("kafka.bootstrap.servers", kafka.proxiedBootstrapServers());
        p.put("sessionstream.client.trust-bound", BOUND.toMillis() + "ms");
        return p;
    }

    @BeforeEach
    void trustedAndListening() {
        kafka.proxy().restore();
        await().atMost(Duration.ofSeconds(30)).until(trust::isTrusted);
        log.list.clear();
        log.start();
        ((Logger) LoggerFactory.getLogger(CacheTrust.class)).addAppender(log);
    }

    @AfterEach
    void detachLog() {
        ((Logger) LoggerFactory.getLogger(CacheTrust.class)).detachAppender(log);
    }

    @AfterAll
    void closeBroker() {
        producer.close();
        kafka.close();
    }

    @Test
    void instanceCutOffKafka_emptiesAndBypassesItsNearCache_soARevocationInRedisCountsWithinTheBound() {
        SessionToken token = new StoredSessions(redis, prefix).store("user-1");
        assertThat(validator.validate(token.value())).isInstanceOf(Admitted.class);
        assertThat(nearCache.get(token.sessionId())).as("cached while trusted").isPresent();
        double lostBefore = meters.get("sessionstream.nearcache.trust.lost").functionCounter().count();

        kafka.proxy().cut();
        Instant cut = Instant.now();
        // The projector applied a logout to Redis; its broadcast cannot reach this instance.
        redis.sync().del(layout.session(token.sessionId()));

        await().atMost(BOUND.plusSeconds(3)).pollInterval(Duration.ofMillis(20))
                .until(() -> validator.validate(token.value()).equals(new Rejected(Reason.UNKNOWN)));
        System.out.printf("trust lost and revocation seen %d ms after the cut (bound %d ms)%n",
                Duration.between(cut, Instant.now()).toMillis(), BOUND.toMillis());

        assertThat(trust.isTrusted()).isFalse();
        assertThat(nearCache.size()).isZero();
        assertThat(readiness().getStatus()).isEqualTo(HealthStatus.DOWN);
        assertThat(readiness().getDetails()).asString().contains("nearCacheTrusted=false");
        assertThat(meters.get("sessionstream.nearcache.trusted").gauge().value()).isZero();
        assertThat(meters.get("sessionstream.nearcache.trust.lost").functionCounter().count()).isEqualTo(lostBefore + 1);
        assertThat(log.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).startsWith("Near cache untrusted").contains("every request goes to Redis");
        });
    }

    @Test
    void whileUntrusted_sessionsAreServedFromRedisAndNotCached_thenTrustReturnsWithKafka() {
        kafka.proxy().cut();
        await().atMost(BOUND.plusSeconds(3)).until(() -> !trust.isTrusted());
        SessionToken token = new StoredSessions(redis, prefix).store("user-2");

        assertThat(validator.validate(token.value())).isInstanceOf(Admitted.class);
        assertThat(nearCache.get(token.sessionId())).as("not cached while untrusted").isEmpty();

        kafka.proxy().restore();
        await().atMost(Duration.ofSeconds(20)).until(trust::isTrusted);
        assertThat(readiness().getStatus()).isEqualTo(HealthStatus.UP);
        assertThat(meters.get("sessionstream.nearcache.trusted").gauge().value()).isEqualTo(1.0);
        assertThat(log.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).startsWith("Near cache trusted"));
        assertThat(validator.validate(token.value())).isInstanceOf(Admitted.class);
        assertThat(nearCache.get(token.sessionId())).as("cached again once trusted").isPresent();
    }

    @Test
    void invalidationPublishedWhileCutOff_isAppliedWhenTheInstanceReconnects() {
        SessionToken token = new StoredSessions(redis, prefix).store("user-3");
        kafka.proxy().cut();
        await().atMost(BOUND.plusSeconds(3)).until(() -> !trust.isTrusted());

        // Published on the broker's own listener: the broker has it, this instance cannot fetch it yet.
        producer.send(codec.toRecord(topics.invalidations(), codec.encodeInvalidation(new Envelope<>(
                EventMetadata.now("test", null, Clock.systemUTC()),
                Invalidation.ofSessions("user-3", List.of(token.sessionId()), "logout")))));
        producer.flush();
        kafka.proxy().restore();

        // Redis still holds the session (as a projector that is behind would): only the broadcast can reject it.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> validator.validate(token.value()).equals(new Rejected(Reason.REVOKED)));
        await().atMost(Duration.ofSeconds(20)).until(trust::isTrusted);
    }

    private HealthResult readiness() {
        return Mono.from(health.getResult()).block(Duration.ofSeconds(5));
    }
}
