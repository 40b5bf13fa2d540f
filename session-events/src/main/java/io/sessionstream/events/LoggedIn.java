package io.sessionstream.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A user logged in and a new session exists.
 *
 * @param userId          the user
 * @param sessionId       the public session id (128 random bits, base64url)
 * @param secretHash      base64url of {@code sha256(secret)}; the secret itself is never published
 * @param createdAt       when the session was created
 * @param absoluteExpiry  the session ends at this time whatever its activity
 * @param idleExpiry      the session ends at this time unless activity extends it
 * @param ip              the client address seen at login, may be {@code null}
 * @param userAgent       the client's user agent at login, may be {@code null}
 * @param roles           the user's roles at login; absent in older records, read as {@code [user]}
 */
public record LoggedIn(
        String userId,
        String sessionId,
        String secretHash,
        Instant createdAt,
        Instant absoluteExpiry,
        Instant idleExpiry,
        String ip,
        String userAgent,
        List<String> roles) implements SessionEvent {

    /** The role every user has. */
    public static final String DEFAULT_ROLE = "user";

    public LoggedIn {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(absoluteExpiry, "absoluteExpiry");
        Objects.requireNonNull(idleExpiry, "idleExpiry");
        roles = roles == null || roles.isEmpty() ? List.of(DEFAULT_ROLE) : List.copyOf(roles);
    }
}
