package io.sessionstream.events;

import java.util.List;
import java.util.Objects;

/**
 * A user revoked one or several of their own sessions (from a session list, for example).
 *
 * @param userId     the user who owns every listed session
 * @param sessionIds the revoked sessions, at least one
 * @param reason     why, e.g. {@code revoked_by_user} (a user) or {@code revoked_by_admin} (the admin command)
 */
public record SessionRevoked(String userId, List<String> sessionIds, String reason) implements SessionEvent {

    public SessionRevoked {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionIds, "sessionIds");
        Objects.requireNonNull(reason, "reason");
        sessionIds = List.copyOf(sessionIds);
        if (sessionIds.isEmpty()) {
            throw new IllegalArgumentException("sessionIds is empty");
        }
    }
}
