package io.sessionstream.client;

import java.time.Instant;
import java.util.List;

/**
 * An authenticated session, as the application sees it after validation.
 *
 * @param userId         the user
 * @param sessionId      the public session id
 * @param createdAt      when the session was created
 * @param absoluteExpiry the session ends at this time whatever its activity
 * @param idleExpiry     the session ends at this time unless activity extends it (as last read from Redis)
 * @param roles          the user's roles at login (at least {@code user})
 */
public record SessionPrincipal(String userId, String sessionId, Instant createdAt, Instant absoluteExpiry,
                               Instant idleExpiry, List<String> roles) {

    public SessionPrincipal {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    /** Whether the session is still within both expiries at {@code now}. */
    public boolean liveAt(Instant now) {
        return now.isBefore(absoluteExpiry) && now.isBefore(idleExpiry);
    }
}
