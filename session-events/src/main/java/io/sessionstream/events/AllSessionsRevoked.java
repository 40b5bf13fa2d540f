package io.sessionstream.events;

import java.time.Instant;
import java.util.Objects;

/**
 * Every session of the user created before {@code notBefore} is revoked, except
 * {@code keepSessionId} if given: logout everywhere, revoke all other sessions, or a
 * password reset. {@code notBefore} becomes the user's revocation epoch (ARCHITECTURE §6).
 *
 * @param userId        the user
 * @param keepSessionId the one session that survives, or {@code null} for none
 * @param notBefore     sessions created before this time are revoked
 * @param reason        why: {@code logout_everywhere}, {@code revoke_others}, {@code password_reset} or
 *                      {@code revoked_all_by_admin} (the admin command); consumers treat it as an open label
 */
public record AllSessionsRevoked(String userId, String keepSessionId, Instant notBefore, String reason)
        implements SessionEvent {

    public AllSessionsRevoked {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(reason, "reason");
    }
}
