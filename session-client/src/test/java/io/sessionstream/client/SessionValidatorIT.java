package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Ticker;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.client.Validation.Admitted;
import io.sessionstream.client.Validation.Reason;
import io.sessionstream.client.Validation.Rejected;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.Invalidation;
import io.sessionstream.events.SessionTouched;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.store.SessionHash;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestKafka;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The validator against real Redis and Kafka. Sessions are written to Redis in the
 * projector's layout by hand here; the projector's own tests prove it writes that layout.
 * The validator's clock is a {@link MutableClock}: expiry tests advance it instead of waiting.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionValidatorIT implements TestPropertyProvider {

    private final String prefix = TestRedis.uniquePrefix();
    private final RedisLayout layout = new RedisLayout(prefix);
    private final SessionTopics topics = SessionTopics.unique();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
            ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
    private final EventCodec codec = new EventCodec();

    @Inject
    SessionValidator validator;
    @Inject
    CacheTrust trust;
    @Inject
    NearCache nearCache;
    @Inject
    StatefulRedisConnection<String, String> redis;
    @Inject
    InvalidationListener listener;
    @Inject
    MutableClock clock;
    @Inject
    SessionClientConfiguration config;
    @Inject
    RedisSessionStore store;
    @Inject
    ActivityPublisher activity;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(TestProperties.isolated(prefix, topics));
        p.put(MutableClockFactory.PROPERTY, "true");
        return p;
    }

    @AfterAll
    void closeProducer() {
        producer.close();
    }

    @Test
    void validate_sessionInRedis_isAdmittedWithItsPrincipal() {
        SessionToken token = new StoredSessions(redis, prefix).store("user-1");

        Validation result = validator.validate(token.value());

        assertThat(result).isInstanceOfSatisfying(Admitted.class, a -> {
            assertThat(a.principal().userId()).isEqualTo("user-1");
            assertThat(a.principal().sessionId()).isEqualTo(token.sessionId());
        });
    }

    @Test
    void validate_wrongSecretForKnownSession_isRejected() {
        SessionToken token = new StoredSessions(redis, prefix).store("user-2");
        SessionToken forged = new SessionToken(token.sessionId(), SessionToken.generate().secret());

        assertThat(validator.validate(forged.value())).isEqualTo(new Rejected(Reason.BAD_SECRET));
    }

    @Test
    void validate_garbageOrUnknownToken_isRejectedNotThrown() {
        assertThat(validator.validate("garbage")).isEqualTo(new Rejected(Reason.MALFORMED));
        assertThat(validator.validate((String) null)).isEqualTo(new Rejected(Reason.MISSING));
        assertThat(validator.validate(SessionToken.generate().value())).isEqualTo(new Rejected(Reason.UNKNOWN));
    }

    @Test
    void invalidationBroadcast_evictsCachedSession_evenThoughRedisStillHasIt() {
        await().atMost(Duration.ofSeconds(20)).until(listener::isReady);
        SessionToken token = new StoredSessions(redis, prefix).store("user-3");
        assertThat(validator.validate(token.value())).isInstanceOf(Admitted.class);

        Invalidation invalidation = Invalidation.ofSessions("user-3", List.of(token.sessionId()), "logout");
        producer.send(codec.toRecord(topics.invalidations(), codec.encodeInvalidation(
                new Envelope<>(EventMetadata.now("test", null, Clock.systemUTC()), invalidation))));
        producer.flush();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> validator.validate(token.value()).equals(new Rejected(Reason.REVOKED)));
    }

    @Test
    void admittedSession_isReportedAsActivity_atMostOncePerTouchInterval() {
        SessionToken busy = new StoredSessions(redis, prefix).store("user-4");
        SessionToken later = new StoredSessions(redis, prefix).store("user-4");

        for (int i = 0; i < 3; i++) {
            assertThat(validator.validate(busy.value())).isInstanceOf(Admitted.class);
        }
        assertThat(validator.validate(later.value())).isInstanceOf(Admitted.class);

        // Same user, same key, same partition: once the later session's touch is there, so is every earlier one.
        List<SessionTouched> touches = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.activity()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> touches.add((SessionTouched) codec.decodeSessionEvent(r).payload()));
                return touches.stream().anyMatch(t -> t.sessionId().equals(later.sessionId()));
            });
        }
        assertThat(touches).filteredOn(t -> t.sessionId().equals(busy.sessionId())).singleElement()
                .satisfies(t -> assertThat(t.userId()).isEqualTo("user-4"));
    }

    @Test
    void cachedCopyPastItsIdleExpiry_isReadAgainFromRedis_whereActivityExtendedIt() {
        await().atMost(Duration.ofSeconds(20)).until(trust::isTrusted);
        Instant idleExpiry = clock.instant().plusSeconds(60);
        SessionToken token = new StoredSessions(redis, prefix).store("user-5", idleExpiry, "user");
        assertThat(validator.validate(token.value())).isInstanceOf(Admitted.class);
        assertThat(nearCache.get(token.sessionId())).isPresent();
        redis.sync().hset(layout.session(token.sessionId()), SessionHash.IDLE_EXPIRY,
                String.valueOf(idleExpiry.plus(Duration.ofHours(1)).toEpochMilli()));

        clock.advance(Duration.ofSeconds(61));

        assertThat(validator.validate(token.value())).isInstanceOf(Admitted.class);
    }

    @Test
    void sessionPastItsIdleExpiry_inRedisToo_isRejectedAsExpired() {
        Instant idleExpiry = clock.instant().plusSeconds(60);
        SessionToken token = new StoredSessions(redis, prefix).store("user-6", idleExpiry, "user");
        assertThat(validator.validate(token.value())).isInstanceOf(Admitted.class);

        clock.advance(Duration.ofSeconds(61));

        assertThat(validator.validate(token.value())).isEqualTo(new Rejected(Reason.EXPIRED));
    }

    @Test
    void missThatRedisAnswers_parsesTheTokenOnce_andAsksMemoryOnce_thenCachesTheSession() {
        CountingNearCache counting = new CountingNearCache(config, Ticker.systemTicker());
        CacheTrust countingTrust = new CacheTrust(counting, config.trustBound(), Ticker.systemTicker());
        countingTrust.caughtUp(Ticker.systemTicker().read());
        DefaultSessionValidator direct = new DefaultSessionValidator(counting, countingTrust, store, activity, clock,
                config, new ClientMeters(null, counting, countingTrust));
        SessionToken token = new StoredSessions(redis, prefix).store("user-7");
        MutableHttpRequest<?> request = HttpRequest.GET("/api/me").bearerAuth(token.value());

        assertThat(direct.validateWithoutBlocking(request)).isEmpty();
        assertThat(direct.validate(request)).isInstanceOf(Admitted.class);

        assertThat(counting.parses()).as("parses").isEqualTo(1);
        assertThat(counting.sessionLookups).as("session lookups").hasValue(1);
        assertThat(counting.get(token.sessionId())).as("cached from the Redis read").isPresent();
    }
}
