package io.sessionstream.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What every event carries besides its data; on the wire these are CloudEvent attributes
 * ({@code id}, {@code time}, {@code source}) and extensions ({@code traceid},
 * {@code schemaversion}).
 *
 * @param eventId    unique id of this event; invalidations caused by it carry the same id
 * @param occurredAt when the change committed
 * @param source     the service that emitted it, e.g. {@code auth-service}
 * @param traceId    the trace this change belongs to, may be {@code null}
 */
public record EventMetadata(UUID eventId, Instant occurredAt, String source, String traceId) {

    public EventMetadata {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(source, "source");
    }

    /** Metadata for a new event that happens now. */
    public static EventMetadata now(String source, String traceId, java.time.Clock clock) {
        return new EventMetadata(UUID.randomUUID(), clock.instant(), source, traceId);
    }
}
