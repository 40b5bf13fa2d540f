package io.sessionstream.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A session ended because it expired: it was left idle past its idle expiry, or reached its absolute expiry. The
 * auth-service writes it, exactly once per session, and never for a session an earlier event ended: the same row of
 * PostgreSQL that a logout or revocation ends is ended by this event's transaction, whichever commits first wins.
 *
 * <p>It is detected by a periodic sweep, so it is published up to one sweep interval (plus the relay's lag) after
 * the expiry passed; the CloudEvent {@code time} is when the sweep ended the session.
 *
 * @param userId    the user
 * @param sessionId the session that ended
 * @param reason    {@link #IDLE_EXPIRED} or {@link #ABSOLUTE_EXPIRED}; consumers treat it as an open label
 * @param expiredAt when the expiry passed: the absolute expiry; for an idle expiry, the last idle expiry the
 *                  auth-service saw in the projection (activity it did not see can only have moved it later, never
 *                  past the event's time). The session was unusable from some moment between this and the event's
 *                  time
 */
public record SessionExpired(String userId, String sessionId, String reason, Instant expiredAt) implements SessionEvent {

    /** The session was not used within its idle timeout. */
    public static final String IDLE_EXPIRED = "idle_expired";
    /** The session reached its absolute expiry, whatever its activity. */
    public static final String ABSOLUTE_EXPIRED = "absolute_expired";

    public SessionExpired {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(expiredAt, "expiredAt");
    }
}
