package io.sessionstream.auth.sessions;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code trusted_devices}: a browser that signed in to an account. key_hash (base64url sha256 of the
 * device token and the user id; the token itself is only in the browser's cookie), user_id, created_at,
 * last_used_at (the last successful sign-in; rows unused for the trusted-device lifetime are deleted).
 */
@MappedEntity("trusted_devices")
record TrustedDevice(@Id String keyHash, UUID userId, Instant createdAt, Instant lastUsedAt) {
}
