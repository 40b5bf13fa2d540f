package io.sessionstream.projector;

import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * The Kafka adapter of the projector: one consumer group shares the partitions of
 * {@code session.events}. A batch is whatever one poll returns — at most
 * {@code sessionstream.projector.max-batch} records, never waited for ({@code fetch.min.bytes=1}),
 * so a lone event is projected as soon as it arrives. The batch's offsets are committed
 * synchronously only after every record has been applied and every invalidation acknowledged
 * ({@link EventProjector}). A failure (Redis or Kafka down) retries the whole batch with a bounded
 * back-off until it succeeds ({@link BatchRetry}): a revocation is never skipped. Not started by
 * the {@linkplain Rebuild rebuild} command, which replays the topic itself.
 */
@KafkaListener(groupId = ProjectorConfiguration.GROUP_ID,
        offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC, batch = true,
        properties = {
                @Property(name = ConsumerConfig.MAX_POLL_RECORDS_CONFIG, value = "${sessionstream.projector.max-batch:500}"),
                @Property(name = ConsumerConfig.FETCH_MIN_BYTES_CONFIG, value = "1"),
                // The outbox relay publishes in transactions; an aborted one's records must never be applied.
                @Property(name = ConsumerConfig.ISOLATION_LEVEL_CONFIG, value = "read_committed"),
                // A crashed projector's partitions move to the others after this (Kafka's default: 45 s).
                @Property(name = ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                        value = "${sessionstream.projector.session-timeout-ms:10000}"),
                @Property(name = ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                        value = "${sessionstream.projector.heartbeat-interval-ms:2000}")
        })
@Requires(notEnv = Rebuild.ENVIRONMENT)
class EventsListener {

    private final EventProjector projector;
    private final ProjectorMeters meters;

    EventsListener(EventProjector projector, ProjectorMeters meters) {
        this.projector = projector;
        this.meters = meters;
    }

    @Topic("${sessionstream.projector.events-topic:session.events}")
    void receive(ConsumerRecords<String, byte[]> records, Consumer<?, ?> consumer) {
        long start = System.nanoTime();
        EventProjector.Projected[] done = new EventProjector.Projected[1];
        if (BatchRetry.untilDone(records, consumer, () -> done[0] = projector.project(records))) {
            meters.projected(records, done[0], start);
        }
    }
}
