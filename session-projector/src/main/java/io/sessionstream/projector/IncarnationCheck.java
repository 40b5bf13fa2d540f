package io.sessionstream.projector;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.apache.kafka.common.Uuid;

/**
 * Whether the projection in Redis is of the broker's events topic — the incarnation the fence would find
 * ({@link RedisProjection#incarnation}) for the topic id Kafka has now. Reads, never writes.
 */
@Singleton
@Requires(env = ProjectorApplication.COMMAND_ENVIRONMENT)
class IncarnationCheck {

    private final ProjectorConfiguration config;
    private final TopicIds topicIds;
    private final RedisProjection projection;

    IncarnationCheck(ProjectorConfiguration config, TopicIds topicIds, RedisProjection projection) {
        this.config = config;
        this.topicIds = topicIds;
        this.projection = projection;
    }

    /**
     * What the check found.
     *
     * @param topic      the events topic
     * @param topicId    its id on the broker
     * @param projection whose offsets Redis holds for it
     */
    record Result(String topic, Uuid topicId, RedisProjection.Incarnation projection) {

        boolean foreign() {
            return projection.ownership() == RedisProjection.Ownership.FOREIGN;
        }

        /** One line, {@code key=value} words: {@code projection-topic-id} is {@code none} when no id is recorded. */
        @Override
        public String toString() {
            return "check: topic=" + topic + " topic-id=" + topicId + " projection=" + projection.ownership().label()
                    + " projection-topic-id=" + (projection.storedTopicId() == null ? "none" : projection.storedTopicId());
        }
    }

    Result run() {
        Uuid topicId = topicIds.current(config.eventsTopic());
        return new Result(config.eventsTopic(), topicId, projection.incarnation(config.eventsTopic(), topicId));
    }
}
