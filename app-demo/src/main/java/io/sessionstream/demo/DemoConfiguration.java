package io.sessionstream.demo;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;

/**
 * Settings of app-demo, under {@value #PREFIX}.
 *
 * @param authServiceUrl where {@code /api/auth/**} and {@code /api/users/**} are proxied (default http://127.0.0.1:8081)
 * @param instanceId     the name this instance reports in {@code /api/me} (default {@code app})
 */
@ConfigurationProperties(DemoConfiguration.PREFIX)
record DemoConfiguration(
        @Bindable(defaultValue = "http://127.0.0.1:8081") @NotNull URI authServiceUrl,
        @Bindable(defaultValue = "app") @NotBlank String instanceId) {

    static final String PREFIX = "sessionstream.demo";
}
