package io.sessionstream.client;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

/**
 * Readiness: an instance must not take traffic before its invalidation consumer is
 * positioned, or it could cache a session whose revocation it would never hear of.
 */
@Singleton
@Readiness
class InvalidationListenerHealth implements HealthIndicator {

    private final InvalidationListener listener;

    InvalidationListenerHealth(InvalidationListener listener) {
        this.listener = listener;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthStatus status = listener.isReady() ? HealthStatus.UP : HealthStatus.DOWN;
        return Publishers.just(HealthResult.builder("sessionInvalidations", status)
                .details(Map.of("topic", listener.topic(),
                        "sinceLastPollMs", listener.sinceLastPoll().toMillis()))
                .build());
    }
}
