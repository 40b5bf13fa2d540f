package io.sessionstream.auth.password;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code password_resets}: token_hash (sha256 of the token, base64url), user_id,
 * created_at, expires_at, used_at (set when used or superseded).
 */
@MappedEntity("password_resets")
record PasswordReset(@Id String tokenHash, UUID userId, Instant createdAt, Instant expiresAt, @Nullable Instant usedAt) {

    boolean usableAt(Instant now) {
        return usedAt == null && now.isBefore(expiresAt);
    }
}
