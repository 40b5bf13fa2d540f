package io.sessionstream.auth.limits;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.sessionstream.auth.AuthConfiguration;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/**
 * Rate limits of what an anonymous client can make the auth-service do, under {@value #PREFIX}. Every limit is
 * a token bucket in Redis shared by all auth-service instances, refilled greedily (e.g. 5 per 5 minutes gives one
 * back every minute).
 *
 * @param enabled              limit at all (default true); when false nothing touches Redis
 * @param accountFailures      failed logins allowed per account (email) within {@code accountWindow} from browsers
 *                             the account has not signed in from before (default 5)
 * @param accountWindow        the window of {@code accountFailures} (default 5 min)
 * @param ipFailures           failed logins allowed per client address within {@code ipWindow}, whatever the
 *                             account (default 20)
 * @param ipWindow             the window of {@code ipFailures} (default 1 min)
 * @param deviceFailures       failed logins allowed per account from one trusted device (a browser that signed in
 *                             to the account before and holds its device cookie), within {@code accountWindow};
 *                             such a login never touches the account's or the address's bucket (default 5)
 * @param trustedDeviceLifetime how long a device stays trusted after its last successful sign-in (default 180 days)
 * @param signupsPerAddress    registrations allowed per client address within {@code signupWindow} (default 10)
 * @param signupWindow         the window of {@code signupsPerAddress} (default 1 h)
 * @param resetsPerEmail       password reset requests allowed per email address within {@code resetWindow},
 *                             whether or not it is registered (default 3)
 * @param resetsPerAddress     password reset requests allowed per client address within {@code resetWindow}
 *                             (default 10)
 * @param resetWindow          the window of both reset limits (default 1 h)
 * @param redisPrefix          prefix of the bucket keys in Redis (default {@code ss:rl:})
 * @param redisTimeout         longest a check waits for Redis before answering 503 (default 1 s)
 */
@ConfigurationProperties(RateLimitConfiguration.PREFIX)
public record RateLimitConfiguration(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "5") @Positive int accountFailures,
        @Bindable(defaultValue = "5m") @NotNull Duration accountWindow,
        @Bindable(defaultValue = "20") @Positive int ipFailures,
        @Bindable(defaultValue = "1m") @NotNull Duration ipWindow,
        @Bindable(defaultValue = "5") @Positive int deviceFailures,
        @Bindable(defaultValue = "180d") @NotNull Duration trustedDeviceLifetime,
        @Bindable(defaultValue = "10") @Positive int signupsPerAddress,
        @Bindable(defaultValue = "1h") @NotNull Duration signupWindow,
        @Bindable(defaultValue = "3") @Positive int resetsPerEmail,
        @Bindable(defaultValue = "10") @Positive int resetsPerAddress,
        @Bindable(defaultValue = "1h") @NotNull Duration resetWindow,
        @Bindable(defaultValue = "ss:rl:") @NotBlank String redisPrefix,
        @Bindable(defaultValue = "1s") @NotNull Duration redisTimeout) {

    /** The configuration prefix. */
    public static final String PREFIX = AuthConfiguration.PREFIX + ".rate-limit";
    /** The switch, for {@code @Requires}. */
    public static final String ENABLED = PREFIX + ".enabled";
}
