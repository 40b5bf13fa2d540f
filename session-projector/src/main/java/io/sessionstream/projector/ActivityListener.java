package io.sessionstream.projector;

import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The Kafka adapter for {@code session.activity}: its own consumer group, so a burst of touches
 * never delays a revocation on {@code session.events}. A touch that fails (Redis down) is retried
 * a few times and then dropped: losing a touch only makes a session look idle earlier, which is
 * the safe direction. A new group starts at the earliest retained touch: replaying touches is
 * harmless (they only move times forward, to what they said at the time), and no touch
 * published while the group was forming is missed. Not fenced, so it needs no topic id. Not started by the
 * commands ({@linkplain Rebuild rebuild}, check).
 */
@KafkaListener(groupId = ProjectorConfiguration.GROUP_ID + ProjectorConfiguration.ACTIVITY_GROUP_SUFFIX,
        offsetReset = OffsetReset.EARLIEST,
        properties = {
                // As the events group: a crashed projector's member leaves this group after the same timeout
                // (Kafka's default, 45 s, kept a rebuild refusing that long after the projectors had stopped).
                @Property(name = ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                        value = ProjectorConfiguration.SESSION_TIMEOUT_MS),
                @Property(name = ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                        value = ProjectorConfiguration.HEARTBEAT_INTERVAL_MS)
        })
@ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "200ms", retryCount = 5,
        handleAllExceptions = true)
@Requires(notEnv = ProjectorApplication.COMMAND_ENVIRONMENT)
class ActivityListener {

    private final EventProjector projector;

    ActivityListener(EventProjector projector) {
        this.projector = projector;
    }

    @Topic("${sessionstream.projector.activity-topic:session.activity}")
    void receive(ConsumerRecord<String, byte[]> record) {
        projector.projectActivity(record);
    }
}
