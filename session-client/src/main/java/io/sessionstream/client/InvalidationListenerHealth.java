package io.sessionstream.client;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

/**
 * Readiness: an instance must not take traffic before its invalidation consumer is
 * positioned, or it could cache a session whose revocation it would never hear of; and it
 * reports DOWN while its near cache is not trusted ({@link CacheTrust}). It still answers
 * correctly then (from Redis), but a load balancer should prefer instances that hear revocations.
 * Absent with the listener (switched off by {@value SessionClientConfiguration#INVALIDATION_LISTENER_ENABLED}).
 */
@Singleton
@Requires(beans = InvalidationListener.class)
@Readiness
class InvalidationListenerHealth implements HealthIndicator {

    private final InvalidationListener listener;
    private final CacheTrust trust;

    InvalidationListenerHealth(InvalidationListener listener, CacheTrust trust) {
        this.listener = listener;
        this.trust = trust;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        boolean trusted = trust.isTrusted();
        HealthStatus status = listener.isReady() && trusted ? HealthStatus.UP : HealthStatus.DOWN;
        return Publishers.just(HealthResult.builder("sessionInvalidations", status)
                .details(Map.of("topic", listener.topic(),
                        "sinceLastPollMs", listener.sinceLastPoll().toMillis(),
                        "nearCacheTrusted", trusted,
                        "sinceCaughtUpMs", trust.sinceCaughtUp().map(d -> (Object) d.toMillis()).orElse("never"),
                        "trustBoundMs", trust.bound().toMillis()))
                .build());
    }
}
