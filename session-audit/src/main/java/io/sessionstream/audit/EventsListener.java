package io.sessionstream.audit;

import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Property;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka adapter: the audit's own consumer group reads {@code session.events} from the beginning, one record at
 * a time, and hands each to {@link AuditLog}. The settings every consumer of the contract needs:
 * <ul>
 *   <li>{@code isolation.level=read_committed}: the producer writes in Kafka transactions, and a record of an
 *       aborted one must never be audited;</li>
 *   <li>{@code auto.offset.reset=earliest}: a new group starts at the beginning of the log;</li>
 *   <li>offsets committed after the records of a poll are stored ({@code SYNC}): delivery is at least once, and
 *       the store is idempotent by event id, so a redelivery changes nothing;</li>
 *   <li>a record that cannot be stored (PostgreSQL down) is retried every second, for as long as it takes, with its
 *       partition paused (the consumer stays in its group): an audit never skips an event. A record that can
 *       never be audited (not a Sessionstream event) is not an error: {@link AuditLog} skips and counts it.</li>
 * </ul>
 * Per record rather than in batches because micronaut-kafka's retry of a record seeks back to that record, while its
 * batch retry is not safe for a partition assigned during the poll (see the projector's {@code BatchRetry}).
 */
@KafkaListener(groupId = AuditConfiguration.GROUP_ID, offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.SYNC,
        properties = @Property(name = ConsumerConfig.ISOLATION_LEVEL_CONFIG, value = "read_committed"),
        // A member of @KafkaListener: on the class, micronaut-kafka would not see it (and the record be skipped).
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "1s",
                retryCount = EventsListener.FOREVER))
class EventsListener {

    /** micronaut-kafka counts retries of one record; this many at one a second is longer than any outage. */
    static final int FOREVER = Integer.MAX_VALUE;
    private static final Logger LOG = LoggerFactory.getLogger(EventsListener.class);

    private final AuditLog audit;

    EventsListener(AuditLog audit) {
        this.audit = audit;
    }

    @Topic(AuditConfiguration.EVENTS_TOPIC)
    void receive(ConsumerRecord<String, byte[]> record) {
        try {
            audit.append(record);
        } catch (RuntimeException e) {
            // micronaut-kafka retries it without a word: say why the audit does not move on.
            LOG.warn("Auditing {}-{}@{} failed, retrying in 1 s: {}", record.topic(), record.partition(), record.offset(),
                    e.toString(), e);
            throw e;
        }
    }
}
