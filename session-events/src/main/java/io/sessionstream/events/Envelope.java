package io.sessionstream.events;

import java.util.Objects;

/**
 * A payload with its metadata, as read from or written to Kafka.
 *
 * @param metadata the CloudEvent attributes
 * @param payload  the event data
 * @param <T>      {@link SessionEvent} or {@link Invalidation}
 */
public record Envelope<T>(EventMetadata metadata, T payload) {

    public Envelope {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(payload, "payload");
    }
}
