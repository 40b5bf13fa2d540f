package io.sessionstream.client;

import java.time.Instant;

/**
 * An authenticated session, as the application sees it after validation.
 *
 * @param userId         the user
 * @param sessionId      the public session id
 * @param createdAt      when the session was created
 * @param absoluteExpiry the session ends at this time whatever its activity
 * @param idleExpiry     the session ends at this time unless activity extends it
 */
public record SessionPrincipal(String userId, String sessionId, Instant createdAt, Instant absoluteExpiry,
                               Instant idleExpiry) {

    /** Whether the session is still within both expiries at {@code now}. */
    public boolean liveAt(Instant now) {
        return now.isBefore(absoluteExpiry) && now.isBefore(idleExpiry);
    }
}
