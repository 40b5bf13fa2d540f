package io.sessionstream.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The broadcast on {@link Topics#INVALIDATIONS} that tells every application instance to
 * drop sessions from its near cache. It is published by the projector after the sessions
 * are gone from Redis, so an instance that reloads from Redis afterwards cannot see them.
 *
 * <p>Eviction is idempotent: receiving the same invalidation twice is harmless.
 *
 * @param userId      the user whose sessions are revoked
 * @param sessionIds  the revoked sessions (may be empty for a user-wide revocation)
 * @param userWide    {@code true} if every session of the user created before
 *                    {@code notBefore} is revoked, except {@code keepSessionId}
 * @param keepSessionId for a user-wide revocation, the one session that survives; may be {@code null}
 * @param notBefore   for a user-wide revocation, sessions created before this are revoked; may be {@code null}
 * @param reason      why, e.g. {@code logout}
 */
public record Invalidation(
        String userId,
        List<String> sessionIds,
        boolean userWide,
        String keepSessionId,
        Instant notBefore,
        String reason) {

    public Invalidation {
        Objects.requireNonNull(userId, "userId");
        sessionIds = sessionIds == null ? List.of() : List.copyOf(sessionIds);
        Objects.requireNonNull(reason, "reason");
    }

    /** Invalidation of the given sessions of one user. */
    public static Invalidation ofSessions(String userId, List<String> sessionIds, String reason) {
        return new Invalidation(userId, sessionIds, false, null, null, reason);
    }
}
