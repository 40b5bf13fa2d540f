package io.sessionstream.auth.outbox;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.sessionstream.auth.AuthConfiguration;
import io.sessionstream.events.Topics;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * The outbox and its relay ({@link OutboxRelay}), under {@value AuthConfiguration#PREFIX}.
 *
 * @param eventsTopic           where the relay publishes (default {@code session.events})
 * @param relayPollInterval     the relay polls at least this often besides LISTEN/NOTIFY (default 1 s)
 * @param outboxRetention       published rows are deleted once they were published this long ago (default 7 days);
 *                              rows not yet published are never deleted
 * @param outboxCleanupInterval the relay leader deletes expired published rows this often (default 1 h)
 */
@ConfigurationProperties(AuthConfiguration.PREFIX)
public record OutboxConfiguration(
        @Bindable(defaultValue = Topics.SESSION_EVENTS) @NotBlank String eventsTopic,
        @Bindable(defaultValue = "1s") @NotNull Duration relayPollInterval,
        @Bindable(defaultValue = "7d") @NotNull Duration outboxRetention,
        @Bindable(defaultValue = "1h") @NotNull Duration outboxCleanupInterval) {
}
