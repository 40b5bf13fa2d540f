package io.sessionstream.devstack;

import java.util.Set;

/**
 * How many of each service a {@link Stack} runs, and which app instances reach Kafka only through a
 * cuttable proxy (for partition tests; needs the embedded broker).
 *
 * @param authServices    auth-service instances (their relays elect one leader)
 * @param projectors      session-projector instances (one consumer group)
 * @param partitionedApps app instance ids ({@code app-1}, ...) whose Kafka traffic goes through
 *                        {@link io.sessionstream.testkit.EmbeddedKafka#proxy()}
 */
public record Topology(int authServices, int projectors, Set<String> partitionedApps) {

    /** One auth-service, one projector, no partition: the launcher's and most tests' stack. */
    public static final Topology SINGLE = new Topology(1, 1, Set.of());

    public Topology {
        if (authServices < 1 || projectors < 1) {
            throw new IllegalArgumentException("at least one auth-service and one projector");
        }
        partitionedApps = Set.copyOf(partitionedApps);
    }
}
