package io.sessionstream.projector;

import static org.awaitility.Awaitility.await;

import io.sessionstream.client.SessionToken;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.Invalidation;
import io.sessionstream.events.LoggedIn;
import io.sessionstream.testkit.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What the projector's integration tests share: a login event, and reading a topic back from the test broker. */
final class ProjectorFixtures {

    private ProjectorFixtures() {
    }

    /** The topic id of every topic the tests name without creating it (the projection is applied to directly). */
    static final Uuid UNCREATED_TOPIC_ID = Uuid.randomUuid();

    /** A record of a topic the test names without creating it, as {@link RedisProjection} fences it. */
    static Position position(String topic, int partition, long offset) {
        return new Position(topic, UNCREATED_TOPIC_ID, partition, offset);
    }

    /** Like {@link #position(String, int, long)}, after the record at {@code previous} in the same batch. */
    static Position position(String topic, int partition, long offset, long previous) {
        return new Position(topic, UNCREATED_TOPIC_ID, partition, offset, previous);
    }

    /** A login of {@code user} with {@code token}, created at {@code created} (ms precision), 7 d absolute, 1 d idle. */
    static LoggedIn loggedIn(String user, SessionToken token, Instant created) {
        Instant at = created.truncatedTo(ChronoUnit.MILLIS);
        return new LoggedIn(user, token.sessionId(), token.secretHash(), at, at.plus(Duration.ofDays(7)),
                at.plus(Duration.ofDays(1)), "127.0.0.1", "test", List.of("user"));
    }

    /** A consumer of the test broker without a group, for {@code assign}. */
    static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Every record of the topic, in partition then offset order, once at least {@code atLeast} are there;
     * fails after {@code bound}.
     */
    static List<ConsumerRecord<String, byte[]>> readAll(String topic, Duration bound, int atLeast) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            await().atMost(bound).until(() -> {
                consumer.seekToBeginning(partitions);
                records.clear();
                long total = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (records.size() < total && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                }
                return records.size() >= atLeast;
            });
        }
        return records;
    }

    /** The invalidations broadcast on {@code topic}, once at least {@code atLeast} are there. */
    static List<Envelope<Invalidation>> invalidations(EventCodec codec, String topic, int atLeast, Duration bound) {
        List<Envelope<Invalidation>> result = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : readAll(topic, bound, atLeast)) {
            result.add(codec.decodeInvalidation(r));
        }
        return result;
    }

    /** Until {@code group} has committed the end of every partition of {@code topic}: every event applied and broadcast. */
    static void awaitProjected(KafkaPositions kafka, String topic, String group, Duration bound) {
        Map<TopicPartition, Long> end = new java.util.HashMap<>(kafka.endOffsets(topic));
        end.values().removeIf(offset -> offset == 0);
        await().atMost(bound).until(() -> {
            Map<TopicPartition, Long> committed = new java.util.HashMap<>(kafka.committed(group));
            committed.keySet().retainAll(end.keySet());
            return committed.equals(end);
        });
    }
}
