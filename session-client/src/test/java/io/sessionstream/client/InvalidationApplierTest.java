package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.Invalidation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Decoding and applying one broadcast record, from the bytes a projector publishes; no Kafka. */
class InvalidationApplierTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    private final FakeTicker ticker = new FakeTicker();
    private final MutableClock clock = new MutableClock(NOW);
    private final NearCache cache = new NearCache(new SessionClientConfiguration("ss:", "inv", CacheMode.NEAR,
            1000, Duration.ofMinutes(10), Duration.ofMinutes(10), "activity", Duration.ofMinutes(1), "ss_session",
            Duration.ofSeconds(2)), ticker);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ClientMeters meters = new ClientMeters(registry, cache, new CacheTrust(cache, Duration.ofSeconds(2), ticker));
    private final InvalidationApplier applier = new InvalidationApplier(cache, meters, clock);
    private final EventCodec codec = new EventCodec();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @AfterEach
    void detachLog() {
        ((Logger) LoggerFactory.getLogger(InvalidationApplier.class)).detachAppender(log);
    }

    @Test
    void broadcastRecord_evictsTheSessionAndLeavesATombstone_andRecordsItsLagFromTheEventTime() {
        cache.putUnlessRevoked("s1", session("u1"), cache.generation());
        clock.advance(Duration.ofMillis(250));

        boolean applied = applier.apply(record(new EventMetadata(UUID.randomUUID(), NOW, "projector", null),
                Invalidation.ofSessions("u1", List.of("s1"), "logout")));

        assertThat(applied).isTrue();
        assertThat(cache.get("s1")).isEmpty();
        assertThat(cache.isRevoked("s1")).isTrue();
        assertThat(registry.get("sessionstream.invalidation.lag").timer().max(TimeUnit.MILLISECONDS)).isEqualTo(250);
    }

    @Test
    void userWideBroadcast_setsTheUsersEpoch() {
        applier.apply(record(new EventMetadata(UUID.randomUUID(), NOW, "projector", null),
                new Invalidation("u1", List.of(), true, "kept", NOW, "password_changed")));

        assertThat(cache.epoch("u1")).contains(new NearCache.Epoch(NOW, "kept"));
    }

    @Test
    void recordThatIsNoInvalidation_isSkippedWithAWarning_andChangesNothing() {
        log.start();
        ((Logger) LoggerFactory.getLogger(InvalidationApplier.class)).addAppender(log);
        cache.putUnlessRevoked("s1", session("u1"), cache.generation());

        boolean applied = applier.apply(new ConsumerRecord<>("inv", 2, 41L, ConsumerRecord.NO_TIMESTAMP,
                TimestampType.NO_TIMESTAMP_TYPE, ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE, "u1",
                "not a cloud event".getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Optional.empty()));

        assertThat(applied).isFalse();
        assertThat(cache.get("s1")).isPresent();
        assertThat(registry.get("sessionstream.invalidation.lag").timer().count()).isZero();
        assertThat(log.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).startsWith("Skipping undecodable invalidation at inv-2@41");
        });
    }

    @Test
    void warmUp_decodesWithoutApplyingAnything() {
        applier.warmUp("inv");

        assertThat(cache.isRevoked("warm-up")).isFalse();
        assertThat(registry.get("sessionstream.invalidation.lag").timer().count()).isZero();
    }

    private ConsumerRecord<String, byte[]> record(EventMetadata metadata, Invalidation invalidation) {
        ProducerRecord<String, byte[]> sent = codec.toRecord("inv", codec.encodeInvalidation(new Envelope<>(metadata, invalidation)));
        return new ConsumerRecord<>("inv", 0, 7L, ConsumerRecord.NO_TIMESTAMP, TimestampType.NO_TIMESTAMP_TYPE,
                ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE, sent.key(), sent.value(), sent.headers(), Optional.empty());
    }

    private static CachedSession session(String user) {
        return CachedSession.of(user, NOW.minusSeconds(60).toEpochMilli(), NOW.plus(Duration.ofDays(7)).toEpochMilli(),
                NOW.plus(Duration.ofDays(1)).toEpochMilli(), List.of("user"), "hash");
    }
}
