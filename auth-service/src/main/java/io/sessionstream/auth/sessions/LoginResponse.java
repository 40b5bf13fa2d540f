package io.sessionstream.auth.sessions;

import io.micronaut.serde.annotation.Serdeable;
import io.sessionstream.client.SessionToken;
import java.time.Instant;

/**
 * Answer of a successful login, and of a password change (which renews the caller's session). The token is also
 * set as an {@code HttpOnly} cookie; API clients send it as {@code Authorization: Bearer <token>}.
 */
@Serdeable
public record LoginResponse(String userId, String sessionId, String token, Instant absoluteExpiry, Instant idleExpiry) {

    /** The answer for a session and its token. */
    public static LoginResponse of(SessionRecord session, SessionToken token) {
        return new LoginResponse(session.userId().toString(), session.id(), token.value(), session.absoluteExpiresAt(),
                session.idleExpiresAt());
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "LoginResponse[userId=" + userId + ", sessionId=" + sessionId + ", token=***]";
    }
}
