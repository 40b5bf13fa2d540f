package io.sessionstream.projector;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.sessionstream.events.Topics;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/**
 * Settings of the projector, under {@value #PREFIX}.
 *
 * @param groupId            the consumer group of {@code session.events} (default {@code session-projector});
 *                           {@code session.activity} is consumed by the group {@code <groupId>-activity}
 * @param redisPrefix        prefix of every Redis key it writes (default {@code ss:})
 * @param eventsTopic        the topic it projects (default {@code session.events})
 * @param deadLetterTopic    where undecodable records go (default {@code session.events.dlt})
 * @param invalidationsTopic where it broadcasts revocations (default {@code session.invalidations})
 * @param activityTopic      the throttled session activity it applies (default {@code session.activity})
 * @param revokedMarkerTtl   how long a revoked sid is remembered when its expiry is unknown;
 *                           at least the absolute session lifetime (default 8 days)
 * @param maxBatch           the most {@code session.events} records projected as one batch: the
 *                           consumer's {@code max.poll.records}. A batch is whatever one poll returns, never
 *                           waited for; 1 means no batching (one apply, broadcast and commit per record).
 *                           Default 2000: a projector that is behind (a burst, a restart, a rebuild) catches up
 *                           about a quarter faster than with 500 (ProjectorThroughput: 11.5k → 14.3k events/s),
 *                           its per-batch waits (the last script's answer, the broadcasts' acknowledgements, the
 *                           commit) paid 4 times less often. A live projector's batches are a few records: the size
 *                           only bounds a backlog's.
 * @param sessionTimeoutMs   both consumer groups' {@code session.timeout.ms}: a crashed projector's partitions move
 *                           to the others after this (default 10000; Kafka's own default is 45 s)
 * @param heartbeatIntervalMs both consumer groups' {@code heartbeat.interval.ms} (default 2000), well below the
 *                           session timeout
 */
@ConfigurationProperties(ProjectorConfiguration.PREFIX)
record ProjectorConfiguration(
        @Bindable(defaultValue = ProjectorConfiguration.DEFAULT_GROUP_ID) @NotBlank String groupId,
        @Bindable(defaultValue = "ss:") @NotBlank String redisPrefix,
        @Bindable(defaultValue = Topics.SESSION_EVENTS) @NotBlank String eventsTopic,
        @Bindable(defaultValue = Topics.SESSION_EVENTS_DLT) @NotBlank String deadLetterTopic,
        @Bindable(defaultValue = Topics.INVALIDATIONS) @NotBlank String invalidationsTopic,
        @Bindable(defaultValue = Topics.ACTIVITY) @NotBlank String activityTopic,
        @Bindable(defaultValue = "8d") @NotNull Duration revokedMarkerTtl,
        @Bindable(defaultValue = ProjectorConfiguration.DEFAULT_MAX_BATCH) @Positive int maxBatch,
        @Bindable(defaultValue = ProjectorConfiguration.DEFAULT_SESSION_TIMEOUT_MS) @Positive int sessionTimeoutMs,
        @Bindable(defaultValue = ProjectorConfiguration.DEFAULT_HEARTBEAT_INTERVAL_MS) @Positive int heartbeatIntervalMs) {

    static final String PREFIX = "sessionstream.projector";
    static final String DEFAULT_GROUP_ID = "session-projector";
    static final String DEFAULT_MAX_BATCH = "2000";
    static final String DEFAULT_SESSION_TIMEOUT_MS = "10000";
    static final String DEFAULT_HEARTBEAT_INTERVAL_MS = "2000";
    /** {@link #maxBatch} as a placeholder, for the events consumer's {@code max.poll.records}. */
    static final String MAX_BATCH = "${" + PREFIX + ".max-batch:" + DEFAULT_MAX_BATCH + "}";
    /** {@link #sessionTimeoutMs} as a placeholder, for the {@code @KafkaListener} consumers' properties. */
    static final String SESSION_TIMEOUT_MS = "${" + PREFIX + ".session-timeout-ms:" + DEFAULT_SESSION_TIMEOUT_MS + "}";
    /** {@link #heartbeatIntervalMs} as a placeholder, for the {@code @KafkaListener} consumers' properties. */
    static final String HEARTBEAT_INTERVAL_MS = "${" + PREFIX + ".heartbeat-interval-ms:" + DEFAULT_HEARTBEAT_INTERVAL_MS + "}";
    /** The events group as a placeholder, for {@code @KafkaListener}. */
    static final String GROUP_ID = "${" + PREFIX + ".group-id:" + DEFAULT_GROUP_ID + "}";
    /** Appended to the events group to name the activity group. */
    static final String ACTIVITY_GROUP_SUFFIX = "-activity";

    /** The consumer group of {@code session.activity}. */
    String activityGroupId() {
        return groupId + ACTIVITY_GROUP_SUFFIX;
    }
}
