package io.sessionstream.events;

import java.util.Objects;

/**
 * An event already encoded for the wire but not yet on it: what the auth-service outbox
 * stores per row, so the relay publishes exactly the bytes that committed with the change.
 *
 * @param metadata the CloudEvent attributes
 * @param type     the event type
 * @param key      the Kafka key (the user id)
 * @param data     the JSON data
 */
public record WireEvent(EventMetadata metadata, EventType type, String key, byte[] data) {

    public WireEvent {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(data, "data");
    }
}
