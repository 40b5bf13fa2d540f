package io.sessionstream.projector;

import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The Kafka adapter of the projector: one consumer group shares the partitions of
 * {@code session.events}. The offset is committed synchronously after each record has been
 * applied and its invalidation published. A failure (Redis or Kafka down) retries the same
 * record every 500 ms until it succeeds: a revocation is never skipped.
 */
@KafkaListener(groupId = "${sessionstream.projector.group-id:session-projector}",
        offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC_PER_RECORD)
@ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "500ms", retryCount = Integer.MAX_VALUE,
        handleAllExceptions = true)
class EventsListener {

    private final EventProjector projector;

    EventsListener(EventProjector projector) {
        this.projector = projector;
    }

    @Topic("${sessionstream.projector.events-topic:session.events}")
    void receive(ConsumerRecord<String, byte[]> record) {
        projector.project(record);
    }
}
