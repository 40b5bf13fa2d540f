package io.sessionstream.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;

/** Creates Kafka topics and waits for brokers; used by tests and the devstack. */
public final class Topics {

    private Topics() {
    }

    /**
     * Every committed record of {@code topic} ({@code read_committed}, no consumer group), up to its end offsets as of
     * the call, ordered by partition then offset; fails after 10 s.
     */
    public static List<ConsumerRecord<String, byte[]>> readCommitted(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " up to " + end + " within 10 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort(Comparator.comparingInt((ConsumerRecord<String, byte[]> r) -> r.partition())
                    .thenComparingLong(ConsumerRecord::offset));
            return records;
        }
    }

    /** Replicas of each topic on a cluster of three brokers or more, as in production (docs/operations.md). */
    public static final int REPLICATION_FACTOR = 3;
    /** Replicas that must have a write before {@code acks=all} answers, on topics with {@link #REPLICATION_FACTOR} replicas. */
    public static final int MIN_IN_SYNC_REPLICAS = 2;

    /**
     * Creates the topics that do not exist yet, each with the given partitions, replicated as the brokers allow:
     * {@link #REPLICATION_FACTOR} replicas and {@code min.insync.replicas=}{@link #MIN_IN_SYNC_REPLICAS} on three
     * brokers or more (a write survives the loss of any one broker), else one replica per broker. Returns once every
     * partition of every topic has a leader (at most 30 s), so a client started next finds them.
     */
    public static void create(String bootstrapServers, Collection<String> names, int partitions) {
        try (Admin admin = admin(bootstrapServers)) {
            Set<String> existing = admin.listTopics().names().get();
            short replicas = (short) Math.min(REPLICATION_FACTOR, admin.describeCluster().nodes().get().size());
            Map<String, String> configs = replicas == REPLICATION_FACTOR
                    ? Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(MIN_IN_SYNC_REPLICAS)) : Map.of();
            List<NewTopic> missing = names.stream().filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, partitions, replicas).configs(configs)).collect(Collectors.toList());
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topics " + names + " at " + bootstrapServers, e.getCause());
                }
            }
            awaitLeaders(admin, names);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics at " + bootstrapServers, e.getCause());
        }
    }

    /**
     * Polls until the metadata shows a leader for every partition of {@code names}: the controller has the topics once
     * creation answers, each broker's metadata a moment later.
     */
    private static void awaitLeaders(Admin admin, Collection<String> names) {
        try {
            await("a leader for every partition of " + names).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        try {
                            return admin.describeTopics(names).allTopicNames().get().values().stream().allMatch(t ->
                                    t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                        } catch (ExecutionException e) {
                            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                                return false;
                            }
                            throw new IllegalStateException("topics " + names + " created but not described", e.getCause());
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("topics " + names + " have partitions without a leader after 30 s", e);
        }
    }

    /** Waits (up to 60 s) until a broker at {@code bootstrapServers} answers metadata requests. */
    public static void awaitReady(String bootstrapServers) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = admin(bootstrapServers)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get().isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka at " + bootstrapServers + " did not become ready", e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }
}
