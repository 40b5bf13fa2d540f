package io.sessionstream.auth.users;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.sessionstream.auth.AuthConfiguration;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;

/**
 * The bulkhead around password hashing ({@link PasswordHasher}), under {@value #PREFIX}. Each Argon2id hash or
 * verification holds {@code argon2-memory-kib} (19 MiB by default) and a core for tens of milliseconds, and
 * anonymous requests trigger them (sign-up, login, reset): the bulkhead bounds both the memory and the queue.
 *
 * @param maxConcurrent hashes computed at once (default 0: one per CPU core)
 * @param maxWaiting    requests that may wait for a slot; one more is refused at once (default 32)
 * @param maxWait       longest a request waits for a slot before it is refused (default 2 s)
 */
@ConfigurationProperties(HashingConfiguration.PREFIX)
public record HashingConfiguration(
        @Bindable(defaultValue = "0") @PositiveOrZero int maxConcurrent,
        @Bindable(defaultValue = "32") @PositiveOrZero int maxWaiting,
        @Bindable(defaultValue = "2s") @NotNull Duration maxWait) {

    /** The configuration prefix. */
    public static final String PREFIX = AuthConfiguration.PREFIX + ".hashing";

    /** The slots: {@code maxConcurrent}, or the number of cores when it is 0. */
    int slots() {
        return maxConcurrent > 0 ? maxConcurrent : Runtime.getRuntime().availableProcessors();
    }
}
