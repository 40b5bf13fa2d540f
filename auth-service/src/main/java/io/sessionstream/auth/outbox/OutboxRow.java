package io.sessionstream.auth.outbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code outbox}; see {@link OutboxWriter} for the columns. */
@MappedEntity("outbox")
record OutboxRow(
        @Id @GeneratedValue Long id,
        UUID eventId,
        String eventType,
        String kafkaKey,
        String payload,
        Instant occurredAt,
        String source,
        @Nullable String traceId,
        @Nullable Instant publishedAt) {
}
