package io.sessionstream.auth.sessions;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.sessionstream.auth.AuthConfiguration;
import jakarta.validation.constraints.NotBlank;

/**
 * The cookies the auth-service sets ({@link SessionCookies}), under {@value AuthConfiguration#PREFIX}.
 *
 * @param cookieName   session cookie name (default {@code ss_session}; {@code __Host-} is prepended when secure); the
 *                     device cookie is {@code <cookieName>_device}
 * @param cookieSecure set {@code Secure} and the {@code __Host-} prefix (default true; false for plain-http local runs)
 */
@ConfigurationProperties(AuthConfiguration.PREFIX)
public record CookieConfiguration(
        @Bindable(defaultValue = "ss_session") @NotBlank String cookieName,
        @Bindable(defaultValue = "true") boolean cookieSecure) {
}
