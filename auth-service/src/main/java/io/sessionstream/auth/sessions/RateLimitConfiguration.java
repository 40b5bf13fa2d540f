package io.sessionstream.auth.sessions;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.sessionstream.auth.AuthConfiguration;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/**
 * Login rate limiting, under {@value #PREFIX}. Only <em>failed</em> logins count; a bucket
 * refills greedily (e.g. 5 per 5 minutes gives one attempt back every minute).
 *
 * @param enabled         limit failed logins at all (default true); when false nothing touches Redis
 * @param accountFailures failed logins allowed per account (email) within {@code accountWindow} (default 5)
 * @param accountWindow   the window of {@code accountFailures} (default 5 min)
 * @param ipFailures      failed logins allowed per client address within {@code ipWindow}, whatever the
 *                        account (default 20)
 * @param ipWindow        the window of {@code ipFailures} (default 1 min)
 * @param redisPrefix     prefix of the bucket keys in Redis (default {@code ss:rl:})
 * @param redisTimeout    longest a check waits for Redis before answering 503 (default 1 s)
 */
@ConfigurationProperties(RateLimitConfiguration.PREFIX)
record RateLimitConfiguration(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "5") @Positive int accountFailures,
        @Bindable(defaultValue = "5m") @NotNull Duration accountWindow,
        @Bindable(defaultValue = "20") @Positive int ipFailures,
        @Bindable(defaultValue = "1m") @NotNull Duration ipWindow,
        @Bindable(defaultValue = "ss:rl:") @NotBlank String redisPrefix,
        @Bindable(defaultValue = "1s") @NotNull Duration redisTimeout) {

    /** The configuration prefix. */
    static final String PREFIX = AuthConfiguration.PREFIX + ".rate-limit";
    /** The switch, for {@code @Requires}. */
    static final String ENABLED = PREFIX + ".enabled";
}
