package io.sessionstream.projector;

import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka adapter of the projector: one consumer group shares the partitions of
 * {@code session.events}. A batch is whatever one poll returns — at most
 * {@code sessionstream.projector.max-batch} records, never waited for ({@code fetch.min.bytes=1}),
 * so a lone event is projected as soon as it arrives. The batch's offsets are committed
 * synchronously only after every record has been applied and every invalidation acknowledged
 * ({@link EventProjector}). A failure (Redis or Kafka down) retries the whole batch with a bounded
 * back-off until it succeeds ({@link BatchRetry}): a revocation is never skipped. So does a batch refused
 * because Redis holds a projection of another incarnation of the topic, which {@link ForeignProjection}
 * reports. Not started by the commands ({@linkplain Rebuild rebuild}, check), which read the topic themselves.
 */
@KafkaListener(groupId = ProjectorConfiguration.GROUP_ID,
        offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC, batch = true,
        properties = {
                @Property(name = ConsumerConfig.MAX_POLL_RECORDS_CONFIG, value = ProjectorConfiguration.MAX_BATCH),
                @Property(name = ConsumerConfig.FETCH_MIN_BYTES_CONFIG, value = "1"),
                // The outbox relay publishes in transactions; an aborted one's records must never be applied.
                @Property(name = ConsumerConfig.ISOLATION_LEVEL_CONFIG, value = "read_committed"),
                // A crashed projector's partitions move to the others after this (Kafka's default: 45 s).
                @Property(name = ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                        value = ProjectorConfiguration.SESSION_TIMEOUT_MS),
                @Property(name = ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                        value = ProjectorConfiguration.HEARTBEAT_INTERVAL_MS)
        })
@Requires(notEnv = ProjectorApplication.COMMAND_ENVIRONMENT)
class EventsListener implements ConsumerRebalanceListener {

    private final EventProjector projector;
    private final ProjectorMeters meters;
    private final ForeignProjection foreign;
    private final TopicIds topicIds;

    EventsListener(EventProjector projector, ProjectorMeters meters, ForeignProjection foreign, TopicIds topicIds) {
        this.projector = projector;
        this.meters = meters;
        this.foreign = foreign;
        this.topicIds = topicIds;
    }

    @Topic("${sessionstream.projector.events-topic:session.events}")
    void receive(ConsumerRecords<String, byte[]> records, Consumer<?, ?> consumer) {
        long start = System.nanoTime();
        EventProjector.Projected[] done = new EventProjector.Projected[1];
        if (BatchRetry.untilDone(records, consumer, () -> done[0] = attempt(records))) {
            meters.projected(records, done[0], start);
        }
    }

    private EventProjector.Projected attempt(ConsumerRecords<String, byte[]> records) {
        try {
            EventProjector.Projected projected = projector.project(records);
            foreign.cleared();
            return projected;
        } catch (ForeignProjectionException e) {
            foreign.refused(e.refusal());
            throw e;
        }
    }

    /** Newly assigned partitions may be of a topic created again since its id was looked up: look it up again. */
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        topicIds.forgetAll();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Nothing to do: a batch is committed only once projected, within the listener call.
    }
}
