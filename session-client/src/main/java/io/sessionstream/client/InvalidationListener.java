package io.sessionstream.client;

import io.micronaut.context.annotation.Context;
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
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 */
@Context
class InvalidationListener {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidationListener.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final InvalidationHandler handler;
    private final EventCodec codec = new EventCodec();
    private final String topic;
    private final String bootstrapServers;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean ready;
    private volatile boolean running = true;
    private volatile long lastPollNanos = System.nanoTime();

    InvalidationListener(InvalidationHandler handler, SessionClientConfiguration config, Environment environment) {
        this.handler = handler;
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
        return Duration.ofNanos(System.nanoTime() - lastPollNanos);
    }

    String topic() {
        return topic;
    }

    private void run() {
        try {
            warmUpDecoder();
            assignAtEnd();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    apply(record);
                }
                lastPollNanos = System.nanoTime();
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

    private void assignAtEnd() {
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
        List<TopicPartition> assigned = partitions.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
        consumer.assign(assigned);
        consumer.seekToEnd(assigned);
        // seekToEnd is lazy: resolve the positions now, so readiness means "nothing later is missed".
        assigned.forEach(consumer::position);
        lastPollNanos = System.nanoTime();
        ready = true;
        LOG.info("Listening for invalidations on {} ({} partitions)", topic, assigned.size());
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
