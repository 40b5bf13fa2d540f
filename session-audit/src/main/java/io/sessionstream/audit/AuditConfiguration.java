package io.sessionstream.audit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.sessionstream.events.Topics;
import jakarta.validation.constraints.NotBlank;

/**
 * Settings of the audit, under {@value #PREFIX}.
 *
 * @param eventsTopic the topic it audits (default {@code session.events})
 * @param groupId     its consumer group (default {@code session-audit}): its own position in the topic. Starting
 *                    a new group (or resetting this one to the earliest offsets) replays the topic
 * @param apiToken    the bearer token the query API ({@code /audit/**}) asks for; without one, the API refuses
 *                    every request (the audit holds who signed in from which address: not for everyone)
 */
@ConfigurationProperties(AuditConfiguration.PREFIX)
record AuditConfiguration(
        @Bindable(defaultValue = Topics.SESSION_EVENTS) @NotBlank String eventsTopic,
        @Bindable(defaultValue = AuditConfiguration.DEFAULT_GROUP_ID) @NotBlank String groupId,
        @Nullable String apiToken) {

    static final String PREFIX = "sessionstream.audit";
    static final String DEFAULT_GROUP_ID = "session-audit";
    /** {@link #groupId} as a placeholder, for {@code @KafkaListener}. */
    static final String GROUP_ID = "${" + PREFIX + ".group-id:" + DEFAULT_GROUP_ID + "}";
    /** {@link #eventsTopic} as a placeholder, for {@code @Topic}. */
    static final String EVENTS_TOPIC = "${" + PREFIX + ".events-topic:" + Topics.SESSION_EVENTS + "}";
}
