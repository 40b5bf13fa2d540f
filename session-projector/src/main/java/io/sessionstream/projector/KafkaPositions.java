package io.sessionstream.projector;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Where topics begin and end and where consumer groups stand, through Kafka's Admin API: what a
 * rebuild reads and sets. Each call waits at most 30 s.
 */
final class KafkaPositions implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;

    KafkaPositions(Properties kafka) {
        this.admin = Admin.create(kafka);
    }

    /** How many consumers are members of the group now (0 if it does not exist). */
    int activeMembers(String group) {
        try {
            ConsumerGroupDescription description = get(admin.describeConsumerGroups(List.of(group))
                    .describedGroups().get(group), "describing consumer group " + group);
            return description.members().size();
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw e;
        }
    }

    /** The offset after the last record of each partition of the topic. */
    Map<TopicPartition, Long> endOffsets(String topic) {
        return offsets(topic, OffsetSpec.latest());
    }

    /** The offset of the first retained record of each partition of the topic. */
    Map<TopicPartition, Long> startOffsets(String topic) {
        return offsets(topic, OffsetSpec.earliest());
    }

    /** Sets the group's committed offsets; Kafka refuses while the group has members. */
    void commit(String group, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        offsets.forEach((tp, offset) -> committed.put(tp, new OffsetAndMetadata(offset)));
        get(admin.alterConsumerGroupOffsets(group, committed).all(), "committing the offsets of consumer group " + group);
    }

    /** The group's committed offsets. */
    Map<TopicPartition, Long> committed(String group) {
        return get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                "reading the offsets of consumer group " + group).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private Map<TopicPartition, Long> offsets(String topic, OffsetSpec spec) {
        List<TopicPartition> partitions = get(admin.describeTopics(List.of(topic)).allTopicNames(),
                "describing topic " + topic).get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        return get(admin.listOffsets(request).all(), "listing the offsets of topic " + topic).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static <T> T get(KafkaFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + ": no answer from Kafka within " + TIMEOUT.toSeconds() + " s", e);
        }
    }

    /** Closes at once: every call has been answered or given up on by then (waiting would add up to 30 s). */
    @Override
    public void close() {
        admin.close(Duration.ZERO);
    }
}
