package io.sessionstream.auth.sessions;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** Answer of {@code GET /api/auth/me}. */
@Serdeable
record MeResponse(String userId, String email, String sessionId, Instant createdAt, Instant absoluteExpiry) {
}
