package io.sessionstream.events;

import java.time.Instant;
import java.util.Objects;

/**
 * An application instance saw the session in use. Published on {@link Topics#ACTIVITY}
 * (not {@link Topics#SESSION_EVENTS}) at most once per session per touch interval; it
 * moves the session's last-seen time and extends its idle expiry, never past the absolute
 * one. Losing a touch only makes a session look idle earlier; it can never revive one.
 *
 * @param userId    the user
 * @param sessionId the session used
 * @param touchedAt when it was used
 */
public record SessionTouched(String userId, String sessionId, Instant touchedAt) implements SessionEvent {

    public SessionTouched {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(touchedAt, "touchedAt");
    }
}
