package io.sessionstream.events;

import java.time.Instant;
import java.util.Objects;

/**
 * The user changed their password from session {@code keepSessionId}: every other session
 * created before {@code notBefore} is revoked, that one stays.
 *
 * @param userId        the user
 * @param keepSessionId the session that changed the password
 * @param notBefore     the time of the change; the user's new revocation epoch
 */
public record PasswordChanged(String userId, String keepSessionId, Instant notBefore) implements SessionEvent {

    public PasswordChanged {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(keepSessionId, "keepSessionId");
        Objects.requireNonNull(notBefore, "notBefore");
    }
}
