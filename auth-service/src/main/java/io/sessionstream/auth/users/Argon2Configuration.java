package io.sessionstream.auth.users;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.sessionstream.auth.AuthConfiguration;
import jakarta.validation.constraints.Positive;

/**
 * The cost of a password hash ({@link PasswordHasher}), under {@value AuthConfiguration#PREFIX}.
 *
 * @param argon2MemoryKib  Argon2id memory cost in KiB (default 19456, OWASP's minimum)
 * @param argon2Iterations Argon2id iterations (default 2)
 */
@ConfigurationProperties(AuthConfiguration.PREFIX)
public record Argon2Configuration(
        @Bindable(defaultValue = "19456") @Positive int argon2MemoryKib,
        @Bindable(defaultValue = "2") @Positive int argon2Iterations) {
}
