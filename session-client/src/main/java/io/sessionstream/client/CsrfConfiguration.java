package io.sessionstream.client;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * The cross-site request forgery check of the application's own routes ({@link OriginCheckFilter}), under
 * {@value #PREFIX}.
 *
 * @param enabled        refuse state-changing requests authenticated by the session cookie that do not come from
 *                       the application's own origin (default true)
 * @param allowedOrigins origins besides the application's own whose pages may send such requests, e.g.
 *                       {@code https://admin.example.com} (scheme, host and port only; default none)
 */
@ConfigurationProperties(CsrfConfiguration.PREFIX)
public record CsrfConfiguration(
        @Bindable(defaultValue = "true") boolean enabled,
        @Nullable List<String> allowedOrigins) {

    /** The configuration prefix. */
    public static final String PREFIX = SessionClientConfiguration.PREFIX + ".csrf";
    /** The switch, for {@code @Requires}. */
    public static final String ENABLED = PREFIX + ".enabled";

    public CsrfConfiguration {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }
}
