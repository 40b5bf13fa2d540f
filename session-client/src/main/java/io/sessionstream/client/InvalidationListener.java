package io.sessionstream.client;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.Invalidation;
import io.sessionstream.events.UndecodableRecordException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's own consumer of the invalidation broadcast (ARCHITECTURE §6).
 *
 * <p>No consumer group: it {@code assign()}s every partition and starts at the end of the
 * log, so every instance sees every message with no rebalance delay. Kafka is
 * {@code sessionstream.client.bootstrap-servers}, else {@code kafka.bootstrap.servers}. It counts as
 * {@link #isReady() ready} only once its positions at the end of every partition are fixed,
 * so no invalidation published after readiness can be missed. Undecodable messages are
 * logged and skipped: an invalidation can only ever evict.
 *
 * <p>It also measures how fresh it is, for the trust rule ({@link CacheTrust}), on the injected
 * {@link Ticker} (the one {@link CacheTrust} reads): every quarter of {@code trust-bound} it asks the broker for the end offsets, and when its position has reached them it
 * reports "caught up as of the time I asked". A broker it cannot reach, or a lag it does not make up,
 * stops those reports, and the near cache stops being trusted. A failure of the loop itself is logged,
 * and the consumer starts again at the end of the log after a pause, with the near cache emptied
 * (what it missed meanwhile may be cached).
 *
 * <p>Not started when {@value SessionClientConfiguration#INVALIDATION_LISTENER_ENABLED} is {@code false}.
 */
@Context
@Requires(property = SessionClientConfiguration.INVALIDATION_LISTENER_ENABLED, notEquals = "false")
class InvalidationListener {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidationListener.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration RESTART_PAUSE = Duration.ofSeconds(1);

    private final InvalidationHandler handler;
    private final CacheTrust trust;
    private final ClientMeters meters;
    private final Ticker ticker;
    private final Duration checkInterval;
    private final EventCodec codec = new EventCodec();
    private final String topic;
    private final String bootstrapServers;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean ready;
    private volatile boolean running = true;
    private volatile long lastPollNanos;
    private List<TopicPartition> assigned = List.of();
    /** End offsets asked for at {@link #targetAskedNanos}, not yet reached; null when none is pending. */
    private Map<TopicPartition, Long> target;
    private long targetAskedNanos;
    private long nextCheckNanos;

    InvalidationListener(InvalidationHandler handler, CacheTrust trust, ClientMeters meters,
                         SessionClientConfiguration config, Environment environment, Ticker ticker) {
        this.handler = handler;
        this.trust = trust;
        this.meters = meters;
        this.ticker = ticker;
        this.lastPollNanos = ticker.read();
        this.nextCheckNanos = ticker.read();
        this.checkInterval = config.trustBound().dividedBy(4);
        this.topic = config.invalidationsTopic();
        this.bootstrapServers = KafkaBootstrap.servers(environment);
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1,
                ConsumerConfig.CLIENT_ID_CONFIG, "invalidations-" + Long.toHexString(System.nanoTime())),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "invalidation-listener");
        this.thread.setDaemon(true);
    }

    @PostConstruct
    void start() {
        thread.start();
    }

    /** Whether the consumer is positioned on every partition of the topic. */
    boolean isReady() {
        return ready;
    }

    /** Time since the last successful poll. */
    Duration sinceLastPoll() {
        return Duration.ofNanos(ticker.read() - lastPollNanos);
    }

    String topic() {
        return topic;
    }

    private void run() {
        try {
            warmUpDecoder();
            boolean positioned = false;
            while (running) {
                try {
                    if (!positioned) {
                        positionAtEnd();
                        positioned = true;
                    }
                    pollOnce();
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.error("Invalidation listener on {} at {} failed; starting again at the end of the log in {} ms",
                            topic, bootstrapServers, RESTART_PAUSE.toMillis(), e);
                    positioned = false;
                    LockSupport.parkNanos(RESTART_PAUSE.toNanos());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("Invalidation listener woken unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("Invalidation listener on {} at {} stopped", topic, bootstrapServers, e);
        } finally {
            ready = false;
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private void pollOnce() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
            apply(record);
        }
        lastPollNanos = ticker.read();
        checkFreshness();
    }

    /**
     * Reports "caught up" once the position reaches the end offsets last asked for, and asks again every
     * check interval. A broker that does not answer within the interval leaves the last report standing.
     */
    private void checkFreshness() {
        if (target != null && reached(target)) {
            trust.caughtUp(targetAskedNanos);
            target = null;
        }
        long now = ticker.read();
        if (target == null && now - nextCheckNanos >= 0) {
            nextCheckNanos = now + checkInterval.toNanos();
            try {
                target = consumer.endOffsets(assigned, checkInterval);
                targetAskedNanos = now;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.debug("End offsets of {} not known within {} ms", topic, checkInterval.toMillis());
            }
            if (target != null && reached(target)) {
                trust.caughtUp(targetAskedNanos);
                target = null;
            }
        }
        trust.isTrusted();
    }

    private boolean reached(Map<TopicPartition, Long> endOffsets) {
        try {
            for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
                if (consumer.position(end.getKey(), Duration.ZERO) < end.getValue()) {
                    return false;
                }
            }
            return true;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return false; // a position being reset is not known yet: not caught up
        }
    }

    /**
     * Decodes one made-up invalidation before taking traffic: the first decode loads the
     * CloudEvents and Jackson classes, which otherwise adds ~200 ms to the first revocation.
     */
    private void warmUpDecoder() {
        Invalidation sample = Invalidation.ofSessions("warm-up", List.of("warm-up"), "warm-up");
        ProducerRecord<String, byte[]> record = codec.toRecord(topic, codec.encodeInvalidation(new Envelope<>(
                EventMetadata.now("warm-up", null, Clock.systemUTC()), sample)));
        codec.decodeInvalidation(new ConsumerRecord<>(topic, 0, 0L, ConsumerRecord.NO_TIMESTAMP,
                TimestampType.NO_TIMESTAMP_TYPE, ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE,
                record.key(), record.value(), record.headers(), Optional.empty()));
    }

    /**
     * Assigns every partition (the first time) and moves to the end of each. On a restart after a failure
     * the near cache is emptied once the new positions are fixed: a session read from Redis before that
     * may have missed an invalidation that was skipped.
     */
    private void positionAtEnd() {
        if (assigned.isEmpty()) {
            assigned = partitions();
            if (assigned.isEmpty()) {
                return;
            }
            consumer.assign(assigned);
        }
        target = null;
        consumer.seekToEnd(assigned);
        // seekToEnd is lazy: resolve the positions now, so readiness means "nothing later is missed".
        assigned.forEach(consumer::position);
        if (ready) {
            trust.positionLost();
        }
        lastPollNanos = ticker.read();
        ready = true;
        LOG.info("Listening for invalidations on {} ({} partitions)", topic, assigned.size());
    }

    private List<TopicPartition> partitions() {
        List<PartitionInfo> partitions = List.of();
        while (running && partitions.isEmpty()) {
            try {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warn("Kafka at {} does not answer; still waiting to listen on {}", bootstrapServers, topic);
                continue;
            }
            if (partitions.isEmpty()) {
                LOG.warn("Topic {} not found at {}; waiting for it", topic, bootstrapServers);
            }
        }
        return partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        Envelope<Invalidation> envelope;
        try {
            envelope = codec.decodeInvalidation(record);
        } catch (UndecodableRecordException e) {
            LOG.warn("Skipping undecodable invalidation at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        handler.onInvalidation(envelope.payload());
        meters.invalidationApplied(Duration.between(envelope.metadata().occurredAt(), Instant.now()));
        if (LOG.isDebugEnabled()) {
            LOG.debug("Invalidation {} applied: user {} sessions {}", envelope.metadata().eventId(),
                    envelope.payload().userId(), envelope.payload().sessionIds());
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }
}
