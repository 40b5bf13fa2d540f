package io.sessionstream.benchmarks;

import io.sessionstream.testkit.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The floor of one Kafka hop on the stack's own broker: a bare producer and consumer in this JVM, one record at a
 * time, send → the consumer's poll returns it. Twice: as the projector broadcasts ({@code acks=all}, idempotent,
 * read uncommitted) and as the outbox relay publishes (one transaction per record, read {@code read_committed}, so
 * the record is readable only once the transaction's marker is written).
 */
final class KafkaFloor {

    /** The two floors. */
    record Result(Distribution plain, Distribution transactional) {
    }

    private KafkaFloor() {
    }

    static Result measure(String bootstrapServers, int warmups, int samples) {
        String topic = "bench-floor-" + UUID.randomUUID().toString().substring(0, 8);
        Topics.create(bootstrapServers, List.of(topic), 1);
        return new Result(hop(bootstrapServers, topic, false, warmups, samples),
                hop(bootstrapServers, topic, true, warmups, samples));
    }

    private static Distribution hop(String bootstrapServers, String topic, boolean transactional, int warmups,
                                    int samples) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        if (transactional) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-tx");
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                     ConsumerConfig.ISOLATION_LEVEL_CONFIG, transactional ? "read_committed" : "read_uncommitted",
                     ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            if (transactional) {
                producer.initTransactions();
            }
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            // The reader polls all along, as the system's consumers do: between records its fetch waits on the broker.
            BlockingQueue<Long> reads = new LinkedBlockingQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread reader = new Thread(() -> {
                while (running.get()) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                    long at = System.nanoTime();
                    records.forEach(r -> reads.add(at));
                }
            }, "floor-reader");
            reader.start();
            try {
                long[] nanos = new long[samples];
                for (int i = -warmups; i < samples; i++) {
                    long start = System.nanoTime();
                    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, new byte[200]);
                    if (transactional) {
                        producer.beginTransaction();
                        producer.send(record);
                        producer.commitTransaction();
                    } else {
                        producer.send(record);
                    }
                    Long readAt = reads.poll(10, TimeUnit.SECONDS);
                    if (readAt == null) {
                        throw new IllegalStateException("the floor's consumer did not read its record within 10 s");
                    }
                    if (i >= 0) {
                        nanos[i] = readAt - start;
                    }
                }
                return Distribution.of(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                running.set(false);
                join(reader);
            }
        }
    }

    private static void join(Thread reader) {
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
