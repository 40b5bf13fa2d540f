package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.client.Validation.Admitted;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.Invalidation;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestKafka;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Each validation is timed by where it was decided, and each applied broadcast records its lag. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientMetersIT implements TestPropertyProvider {

    private final String prefix = TestRedis.uniquePrefix();
    private final SessionTopics topics = SessionTopics.unique();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
            ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());

    @Inject
    SessionValidator validator;
    @Inject
    CacheTrust trust;
    @Inject
    MeterRegistry meters;
    @Inject
    StatefulRedisConnection<String, String> redis;

    @Override
    public Map<String, String> getProperties() {
        return TestProperties.isolated(prefix, topics);
    }

    @AfterAll
    void close() {
        producer.close();
    }

    @Test
    void validations_areTimedByPath_andTheHitRatioFollows() {
        await().atMost(Duration.ofSeconds(20)).until(trust::isTrusted);
        SessionToken token = new StoredSessions(redis, prefix).store("user-1");

        validator.validate(SessionToken.generate().value());
        assertThat(validator.validate(token.value())).isInstanceOf(Admitted.class);
        assertThat(validator.validate(token.value())).isInstanceOf(Admitted.class);
        validator.validate("garbage");

        assertThat(count("miss")).isEqualTo(1);
        assertThat(count("redis")).isEqualTo(1);
        assertThat(count("near_cache")).isEqualTo(1);
        assertThat(meters.get("sessionstream.nearcache.hit.ratio").gauge().value()).isCloseTo(1 / 3.0, within());
        assertThat(meters.get("sessionstream.nearcache.size").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void appliedBroadcast_recordsItsLagFromTheEventTime() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(trust::isTrusted);
        long before = meters.get("sessionstream.invalidation.lag").timer().count();
        EventCodec codec = new EventCodec();
        EventMetadata eventTime = new EventMetadata(java.util.UUID.randomUUID(), Instant.now().minusMillis(250), "test", null);

        producer.send(codec.toRecord(topics.invalidations(), codec.encodeInvalidation(new Envelope<>(eventTime,
                Invalidation.ofSessions("user-2", List.of("sid-2"), "logout"))))).get();

        await().atMost(Duration.ofSeconds(10)).until(() -> meters.get("sessionstream.invalidation.lag").timer().count() > before);
        assertThat(meters.get("sessionstream.invalidation.lag").timer().max(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isGreaterThanOrEqualTo(250);
    }

    private long count(String path) {
        return meters.get("sessionstream.validation").tag("path", path).timer().count();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(0.001);
    }
}
