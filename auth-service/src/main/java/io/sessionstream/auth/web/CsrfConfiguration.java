package io.sessionstream.auth.web;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.sessionstream.auth.AuthConfiguration;
import java.util.List;

/**
 * Cross-site request forgery protection of the API ({@link OriginCheckFilter}), under {@value #PREFIX}.
 *
 * @param enabled        check the origin of state-changing requests (default true)
 * @param allowedOrigins origins besides the request's own that may send state-changing requests, e.g.
 *                       {@code https://app.example.com} (scheme, host and port only; default none)
 */
@ConfigurationProperties(CsrfConfiguration.PREFIX)
record CsrfConfiguration(
        @Bindable(defaultValue = "true") boolean enabled,
        @Nullable List<String> allowedOrigins) {

    /** The configuration prefix. */
    static final String PREFIX = AuthConfiguration.PREFIX + ".csrf";
    /** The switch, for {@code @Requires}. */
    static final String ENABLED = PREFIX + ".enabled";

    CsrfConfiguration {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }
}
