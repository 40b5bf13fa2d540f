package io.sessionstream.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * A consumer beside the system's own, reading the events and the invalidations topics as the projector and the app
 * instances do ({@code read_committed}, from the end, fetching as soon as a record is there), and noting for every
 * record when it became readable. With the CloudEvent {@code time} (stamped by the auth-service in the transaction
 * that commits the change) and each record's timestamp (set by its producer when it sent it: the outbox relay, then
 * the projector after the record was applied to Redis), that splits a login's or a logout's time into hops
 * ({@link EventHops}). Same machine, same clock: wall-clock instants compare.
 */
final class EventTap implements AutoCloseable {

    /**
     * One record as the tap saw it.
     *
     * @param topic     where
     * @param type      its CloudEvent type
     * @param eventId   its CloudEvent id (an invalidation carries the id of the event that caused it)
     * @param key       its record key (the user id)
     * @param eventTime its CloudEvent time: when the auth-service stamped the change
     * @param sentAt    the record's timestamp: when its producer sent it
     * @param readAt    when this tap's poll returned it
     */
    record Seen(String topic, String type, String eventId, String key, Instant eventTime, Instant sentAt, Instant readAt) {
    }

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Seen> byTopicAndId = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    private EventTap(String bootstrapServers, List<String> topics) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::run, "event-tap");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts reading {@code topics} from their end. */
    static EventTap start(String bootstrapServers, List<String> topics) {
        return new EventTap(bootstrapServers, topics);
    }

    private void run() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(200));
                Instant readAt = Instant.now();
                for (ConsumerRecord<String, byte[]> r : records) {
                    Seen s = new Seen(r.topic(), header(r, "ce_type"), header(r, "ce_id"), r.key(),
                            parseTime(header(r, "ce_time")), Instant.ofEpochMilli(r.timestamp()), readAt);
                    seen.add(s);
                    byTopicAndId.put(r.topic() + "/" + s.eventId(), s);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ZERO);
        }
    }

    /** The first record of {@code topic} that matches, awaited (bounded). */
    Seen await(String topic, Predicate<Seen> matches, String what) {
        return Awaitility.await(what).atMost(BOUND).pollInterval(Duration.ofMillis(2))
                .until(() -> seen.stream().filter(s -> s.topic().equals(topic) && matches.test(s)).findFirst(),
                        Optional::isPresent).orElseThrow();
    }

    /** The record of {@code topic} that carries {@code eventId}, awaited (bounded). */
    Seen awaitId(String topic, String eventId, String what) {
        return Awaitility.await(what).atMost(BOUND).pollInterval(Duration.ofMillis(2))
                .until(() -> byTopicAndId.get(topic + "/" + eventId), s -> s != null);
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Instant parseTime(String time) {
        return time.isEmpty() ? Instant.EPOCH : OffsetDateTime.parse(time).toInstant();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
