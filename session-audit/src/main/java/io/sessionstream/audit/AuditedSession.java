package io.sessionstream.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of the {@code audit_sessions} view: one session, as the events of its user tell it.
 *
 * @param sessionId          the session
 * @param userId             its user
 * @param signedInAt         when it was created ({@code LoggedIn.createdAt})
 * @param ip                 the address it signed in from, if known
 * @param userAgent          the device (User-Agent) it signed in from, if known
 * @param absoluteExpiry     it ends then at the latest
 * @param idleExpiryAtSignIn its idle expiry at sign-in; activity (not on session.events) moves it
 * @param signedInEventId    the {@code LoggedIn} event
 * @param endedAt            when an event ended it, null while none has
 * @param endedByType        that event's CloudEvent type
 * @param endReason          that event's reason ({@code logout} and {@code password_changed} are implied by the type)
 * @param endedByEventId     that event's id
 * @param endTraceId         that event's trace id, to find the request in the producer's logs
 */
@MappedEntity("audit_sessions")
record AuditedSession(
        @Id String sessionId,
        String userId,
        Instant signedInAt,
        @Nullable String ip,
        @Nullable String userAgent,
        Instant absoluteExpiry,
        Instant idleExpiryAtSignIn,
        UUID signedInEventId,
        @Nullable Instant endedAt,
        @Nullable String endedByType,
        @Nullable String endReason,
        @Nullable UUID endedByEventId,
        @Nullable String endTraceId) {
}
