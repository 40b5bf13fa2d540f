package io.sessionstream.client;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * The push channel that tells open pages their session has ended ({@link SessionPush}), under {@value #PREFIX}.
 *
 * @param keepAlive a comment line this often keeps proxies from closing an idle stream (default 25 s)
 */
@ConfigurationProperties(PushConfiguration.PREFIX)
public record PushConfiguration(@Bindable(defaultValue = "25s") @NotNull Duration keepAlive) {

    /** The configuration prefix. */
    public static final String PREFIX = SessionClientConfiguration.PREFIX + ".push";
}
