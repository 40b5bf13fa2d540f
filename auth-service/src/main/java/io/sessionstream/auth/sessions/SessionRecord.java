package io.sessionstream.auth.sessions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code sessions}: the durable record of a session. Only the secret's hash is stored. */
@MappedEntity("sessions")
record SessionRecord(
        @Id String id,
        UUID userId,
        String secretHash,
        Instant createdAt,
        Instant absoluteExpiresAt,
        Instant idleExpiresAt,
        @Nullable Instant revokedAt,
        @Nullable String revokedReason,
        @Nullable String ip,
        @Nullable String userAgent,
        @Nullable String device) {
}
