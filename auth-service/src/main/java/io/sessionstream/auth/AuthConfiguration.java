package io.sessionstream.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/**
 * Settings of the auth-service, under {@value #PREFIX}.
 *
 * @param absoluteLifetime  a session ends this long after login, whatever its activity (default 7 days)
 * @param idleTimeout       a session ends after this long without activity (default 24 h)
 * @param projectionWait    how long login and logout wait for the projection before answering 503 (default 5 s)
 * @param redisPrefix       the projection's key prefix (default {@code ss:}), for the read-your-writes wait
 * @param eventsTopic       where the outbox relay publishes (default {@code session.events})
 * @param relayPollInterval the relay polls at least this often besides LISTEN/NOTIFY (default 1 s)
 * @param outboxRetention   published outbox rows are deleted once they were published this long ago (default 7 days);
 *                          rows not yet published are never deleted
 * @param outboxCleanupInterval the relay leader deletes expired published rows this often (default 1 h)
 * @param cookieName        session cookie name (default {@code ss_session}; {@code __Host-} is prepended when secure)
 * @param cookieSecure      set {@code Secure} and the {@code __Host-} prefix (default true; false for plain-http local runs)
 * @param argon2MemoryKib   Argon2id memory cost in KiB (default 19456, OWASP's minimum)
 * @param argon2Iterations  Argon2id iterations (default 2)
 * @param passwordResetTtl  how long a password reset token works (default 30 min)
 */
@ConfigurationProperties(AuthConfiguration.PREFIX)
public record AuthConfiguration(
        @Bindable(defaultValue = "7d") @NotNull Duration absoluteLifetime,
        @Bindable(defaultValue = "24h") @NotNull Duration idleTimeout,
        @Bindable(defaultValue = "5s") @NotNull Duration projectionWait,
        @Bindable(defaultValue = "ss:") @NotBlank String redisPrefix,
        @Bindable(defaultValue = "session.events") @NotBlank String eventsTopic,
        @Bindable(defaultValue = "1s") @NotNull Duration relayPollInterval,
        @Bindable(defaultValue = "7d") @NotNull Duration outboxRetention,
        @Bindable(defaultValue = "1h") @NotNull Duration outboxCleanupInterval,
        @Bindable(defaultValue = "ss_session") @NotBlank String cookieName,
        @Bindable(defaultValue = "true") boolean cookieSecure,
        @Bindable(defaultValue = "19456") @Positive int argon2MemoryKib,
        @Bindable(defaultValue = "2") @Positive int argon2Iterations,
        @Bindable(defaultValue = "30m") @NotNull Duration passwordResetTtl) {

    /** The configuration prefix. */
    public static final String PREFIX = "sessionstream.auth";
}
