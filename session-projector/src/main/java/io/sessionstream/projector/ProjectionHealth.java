package io.sessionstream.projector;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Readiness {@code sessionProjection}: DOWN while the projector refuses a topic whose projection in Redis
 * belongs to another incarnation of it ({@link ForeignProjection}), with the topic, both topic ids and the
 * fix in the details; UP otherwise.
 */
@Singleton
@Readiness
@Requires(notEnv = ProjectorApplication.COMMAND_ENVIRONMENT)
class ProjectionHealth implements HealthIndicator {

    static final String NAME = "sessionProjection";

    private final ForeignProjection foreign;

    ProjectionHealth(ForeignProjection foreign) {
        this.foreign = foreign;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(foreign.current().map(state -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("state", "foreign");
            details.put("topic", state.refusal().topic());
            details.put("storedTopicId", state.refusal().storedTopicId() == null ? "none"
                    : state.refusal().storedTopicId());
            details.put("currentTopicId", state.refusal().currentTopicId());
            details.put("since", state.since().toString());
            details.put("refusedBatches", foreign.refusals());
            details.put("reason", state.refusal().describe());
            details.put("fix", ForeignProjection.FIX);
            return HealthResult.builder(NAME, HealthStatus.DOWN).details(details).build();
        }).orElseGet(() -> HealthResult.builder(NAME, HealthStatus.UP).details(Map.of("state", "ok")).build()));
    }
}
