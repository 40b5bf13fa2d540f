package io.sessionstream.auth.outbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.sessionstream.testkit.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** The events topic as a {@code read_committed} consumer sees it: what the relay really published. */
final class EventsTopic {

    /** One record: where it is, its key and its CloudEvents id ({@code ce_id}, the outbox's {@code event_id}). */
    record Published(int partition, long offset, String key, String eventId) {
    }

    private EventsTopic() {
    }

    /** Every committed record of the topic, by partition then offset; no consumer group. */
    static List<Published> readCommitted(String bootstrapServers, String topic) {
        return Topics.readCommitted(bootstrapServers, topic).stream()
                .map(r -> new Published(r.partition(), r.offset(), r.key(), ceId(r))).toList();
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
