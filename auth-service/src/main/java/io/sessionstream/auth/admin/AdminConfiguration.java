package io.sessionstream.auth.admin;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Settings of the admin command, under {@value #PREFIX}.
 *
 * @param publishWait  after a revocation commits, how long to wait for a running auth-service's relay to publish
 *                     its event before saying it has not been (exit 1; it stays committed) (default 10 s)
 * @param kafkaTimeout how long {@code lag} waits for each answer of Kafka before saying it is unreachable (default 5 s)
 */
@ConfigurationProperties(AdminConfiguration.PREFIX)
record AdminConfiguration(
        @Bindable(defaultValue = "10s") @NotNull Duration publishWait,
        @Bindable(defaultValue = "5s") @NotNull Duration kafkaTimeout) {

    static final String PREFIX = "sessionstream.admin";
}
