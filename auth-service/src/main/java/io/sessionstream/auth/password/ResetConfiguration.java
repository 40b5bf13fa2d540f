package io.sessionstream.auth.password;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.sessionstream.auth.AuthConfiguration;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Password reset ({@link ResetTokens}), under {@value AuthConfiguration#PREFIX}.
 *
 * @param passwordResetTtl how long a password reset token works, once (default 30 min)
 */
@ConfigurationProperties(AuthConfiguration.PREFIX)
record ResetConfiguration(@Bindable(defaultValue = "30m") @NotNull Duration passwordResetTtl) {
}
