package io.sessionstream.client;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/**
 * The security headers every answer carries ({@link SecurityHeadersFilter}), under {@value #PREFIX}.
 *
 * @param enabled               add them at all (default true)
 * @param hsts                  add {@code Strict-Transport-Security} (default true; browsers honour it only over
 *                              https, so a plain-http local run should switch it off, and the auth-service ties it to
 *                              {@code sessionstream.auth.cookie-secure})
 * @param contentSecurityPolicy the policy of every answer but the Swagger UI's (default: same-origin scripts, styles,
 *                              images and requests only, no framing, no plugins)
 */
@ConfigurationProperties(SecurityHeadersConfiguration.PREFIX)
public record SecurityHeadersConfiguration(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "true") boolean hsts,
        @Bindable(defaultValue = SecurityHeadersConfiguration.DEFAULT_POLICY) @NotBlank String contentSecurityPolicy) {

    /** The configuration prefix. */
    public static final String PREFIX = SessionClientConfiguration.PREFIX + ".security-headers";
    /** The switch, for {@code @Requires}. */
    public static final String ENABLED = PREFIX + ".enabled";
    /** The default policy: nothing from other origins, never framed. */
    public static final String DEFAULT_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
}
