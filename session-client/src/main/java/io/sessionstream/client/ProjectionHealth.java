package io.sessionstream.client;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Readiness detail {@code sessionProjectionFound}: whether Redis holds a Sessionstream projection under the configured
 * prefix ({@link ProjectionCheck}). Always UP: a missing projection is said, not turned into an instance out of
 * service (see {@link ProjectionCheck} for why). {@code projectionFound} is {@code unknown} until Redis has answered
 * a check.
 */
@Singleton
@Requires(beans = ProjectionCheck.class)
@Readiness
class ProjectionHealth implements HealthIndicator {

    private final ProjectionCheck check;

    ProjectionHealth(ProjectionCheck check) {
        this.check = check;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Object found = check.found().<Object>map(f -> f).orElse("unknown");
        return Publishers.just(HealthResult.builder("sessionProjectionFound", HealthStatus.UP)
                .details(Map.of("redisPrefix", check.prefix(), "projectionFound", found))
                .build());
    }
}
