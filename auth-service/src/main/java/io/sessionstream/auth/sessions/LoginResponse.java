package io.sessionstream.auth.sessions;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * Answer of a successful login. The token is also set as an {@code HttpOnly} cookie; API
 * clients send it as {@code Authorization: Bearer <token>}.
 */
@Serdeable
record LoginResponse(String userId, String sessionId, String token, Instant absoluteExpiry, Instant idleExpiry) {

    /** Never prints the token. */
    @Override
    public String toString() {
        return "LoginResponse[userId=" + userId + ", sessionId=" + sessionId + ", token=***]";
    }
}
