package io.sessionstream.auth.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The events topic as a {@code read_committed} consumer sees it: what the relay really published. */
final class EventsTopic {

    /** One record: where it is, its key and its CloudEvents id ({@code ce_id}, the outbox's {@code event_id}). */
    record Published(int partition, long offset, String key, String eventId) {
    }

    private EventsTopic() {
    }

    /** Every committed record of the topic, by partition then offset; no consumer group. */
    static List<Published> readCommitted(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<Published> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " up to " + end + " within 10 s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(new Published(r.partition(), r.offset(), r.key(), ceId(r)));
                }
            }
            records.sort(Comparator.comparingInt(Published::partition).thenComparingLong(Published::offset));
            return records;
        }
    }

    /**
     * What the broker knows of the relays' {@code transactional.id} (the default, one per events topic):
     * each producer that takes it over gets the same producer id with a higher epoch, fencing the one before.
     */
    static TransactionDescription relayTransactions(String bootstrapServers, String topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        String id = "sessionstream-outbox-relay:" + topic;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.describeTransactions(List.of(id)).description(id).get(10, TimeUnit.SECONDS);
        }
    }

    private static String ceId(ConsumerRecord<String, byte[]> record) {
        Header id = record.headers().lastHeader("ce_id");
        return id == null ? null : new String(id.value(), StandardCharsets.UTF_8);
    }
}
