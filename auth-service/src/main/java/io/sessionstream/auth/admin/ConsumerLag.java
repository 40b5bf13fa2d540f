package io.sessionstream.auth.admin;

import io.micronaut.context.env.Environment;
import io.sessionstream.auth.outbox.OutboxConfiguration;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * {@code lag}: how far the session-projector's consumer groups are behind, per partition — the group's committed
 * offset against the partition's end offset, through Kafka's Admin API. The groups and topics are the projector's
 * settings, read here with the projector's defaults: {@code sessionstream.projector.group-id}
 * ({@code session-projector}) on {@code session.events}, and {@code <group-id>-activity} on {@code session.activity}.
 * A partition without a committed offset lags by all it holds (the projector starts at the beginning).
 */
@Singleton
class ConsumerLag {

    private static final String PROJECTOR = "sessionstream.projector.";

    private final String bootstrapServers;
    private final Duration timeout;
    private final String group;
    private final String eventsTopic;
    private final String activityTopic;

    ConsumerLag(Environment environment, OutboxConfiguration auth, AdminConfiguration config) {
        this.bootstrapServers = environment.getProperty("kafka.bootstrap.servers", String.class).orElse("localhost:9092");
        this.timeout = config.kafkaTimeout();
        this.group = environment.getProperty(PROJECTOR + "group-id", String.class).orElse("session-projector");
        this.eventsTopic = environment.getProperty(PROJECTOR + "events-topic", String.class).orElse(auth.eventsTopic());
        this.activityTopic = environment.getProperty(PROJECTOR + "activity-topic", String.class)
                .or(() -> environment.getProperty("sessionstream.client.activity-topic", String.class))
                .orElse("session.activity");
    }

    void print(PrintStream out) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "sessionstream-admin");
        int millis = (int) timeout.toMillis();
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        properties.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Math.min(millis, 2000));
        properties.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, Math.min(millis, 2000));
        try (Admin admin = Admin.create(properties)) {
            print(admin, group, eventsTopic, out);
            print(admin, group + "-activity", activityTopic, out);
        }
    }

    private void print(Admin admin, String group, String topic, PrintStream out) {
        Map<TopicPartition, Long> ends;
        Map<TopicPartition, Long> starts;
        try {
            ends = offsets(admin, topic, OffsetSpec.latest());
            starts = offsets(admin, topic, OffsetSpec.earliest());
        } catch (UnknownTopicOrPartitionException e) {
            out.println("group " + group + " on " + topic + ": topic " + topic + " does not exist");
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = get(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata(), "reading the offsets of consumer group " + group);
        out.println("group " + group + " on " + topic + ": " + members(admin, group));
        TextTable table = new TextTable("PARTITION", "COMMITTED", "END", "LAG");
        long total = 0;
        for (TopicPartition tp : ends.keySet().stream().sorted(Comparator.comparingInt(TopicPartition::partition)).toList()) {
            OffsetAndMetadata offset = committed.get(tp);
            long lag = ends.get(tp) - (offset == null ? starts.get(tp) : offset.offset());
            total += Math.max(lag, 0);
            table.row(tp.partition(), offset == null ? null : offset.offset(), ends.get(tp), Math.max(lag, 0));
        }
        table.print(out, "  ");
        out.println("  total lag " + total);
    }

    private String members(Admin admin, String group) {
        try {
            ConsumerGroupDescription description = get(admin.describeConsumerGroups(List.of(group)).describedGroups()
                    .get(group), "describing consumer group " + group);
            int members = description.members().size();
            String state = description.state().toString();
            return members == 0 ? "no active members (" + state + ") — is a session-projector running?"
                    : members + " active member" + (members == 1 ? "" : "s") + " (" + state + ")";
        } catch (AdminFailure e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return "no such group — no session-projector of this group has run";
            }
            throw e;
        }
    }

    private Map<TopicPartition, Long> offsets(Admin admin, String topic, OffsetSpec spec) {
        List<TopicPartition> partitions;
        try {
            partitions = get(admin.describeTopics(List.of(topic)).allTopicNames(), "describing topic " + topic)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        } catch (AdminFailure e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException unknown) {
                throw unknown;
            }
            throw e;
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = get(admin.listOffsets(request).all(),
                "listing the offsets of topic " + topic);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private <T> T get(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(what, cause);
            }
            throw new AdminFailure(what + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw unreachable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminFailure("interrupted " + what, e);
        }
    }

    private AdminFailure unreachable(String what, Throwable cause) {
        return new AdminFailure("Kafka at " + bootstrapServers + " did not answer within " + timeout.toSeconds()
                + " s (" + what + ") — start it, or set kafka.bootstrap.servers", cause);
    }
}
