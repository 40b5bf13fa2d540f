package io.sessionstream.events;

import java.util.Objects;

/**
 * The holder of a session logged it out.
 *
 * @param userId    the user
 * @param sessionId the session that ended
 */
public record LoggedOut(String userId, String sessionId) implements SessionEvent {

    public LoggedOut {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
    }
}
