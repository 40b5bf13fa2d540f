package io.sessionstream.auth.sessions;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.sessionstream.auth.AuthConfiguration;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * How long sessions live and how long a change waits for the projection, under {@value AuthConfiguration#PREFIX}.
 *
 * @param absoluteLifetime a session ends this long after login, whatever its activity (default 7 days)
 * @param idleTimeout      a session ends after this long without activity (default 24 h)
 * @param projectionWait   how long login and revocations wait for the projection before answering 503 (default 5 s)
 * @param redisPrefix      the projection's key prefix (default {@code ss:}), for the read-your-writes wait
 * @param expirySweepInterval how often the relay leader ends the sessions whose expiry has passed and publishes
 *                         their {@code SessionExpired} (default {@value #DEFAULT_EXPIRY_SWEEP_INTERVAL}): the delay
 *                         between an expiry and its event, at most
 */
@ConfigurationProperties(AuthConfiguration.PREFIX)
public record SessionConfiguration(
        @Bindable(defaultValue = "7d") @NotNull Duration absoluteLifetime,
        @Bindable(defaultValue = "24h") @NotNull Duration idleTimeout,
        @Bindable(defaultValue = "5s") @NotNull Duration projectionWait,
        @Bindable(defaultValue = "ss:") @NotBlank String redisPrefix,
        @Bindable(defaultValue = SessionConfiguration.DEFAULT_EXPIRY_SWEEP_INTERVAL) @NotNull Duration expirySweepInterval) {

    /** Every duration must be positive: a zero or negative one is a typo, refused at startup with its name. */
    public SessionConfiguration {
        requirePositive("absolute-lifetime", absoluteLifetime);
        requirePositive("idle-timeout", idleTimeout);
        requirePositive("projection-wait", projectionWait);
        requirePositive("expiry-sweep-interval", expirySweepInterval);
    }

    private static void requirePositive(String name, Duration value) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new IllegalArgumentException(AuthConfiguration.PREFIX + "." + name + " must be positive, not " + value);
        }
    }

    static final String DEFAULT_EXPIRY_SWEEP_INTERVAL = "30s";
    /** {@link #expirySweepInterval} as a placeholder, for {@code @Scheduled}. */
    static final String EXPIRY_SWEEP_INTERVAL = "${" + AuthConfiguration.PREFIX + ".expiry-sweep-interval:"
            + DEFAULT_EXPIRY_SWEEP_INTERVAL + "}";
}
