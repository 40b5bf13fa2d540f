package io.sessionstream.auth.sessions;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.UUID;

/**
 * A session as an operator may see it: everything of its {@code sessions} row but the secret's hash and the
 * raw user agent.
 *
 * @param id                the session id (public; never the token)
 * @param userId            whose it is
 * @param createdAt         login time
 * @param absoluteExpiresAt the end, whatever the activity
 * @param idleExpiresAt     the idle expiry as of login (activity moves it in the Redis projection only)
 * @param revokedAt         when it was revoked, null while live
 * @param revokedReason     why, null while live
 * @param ip                client address at login
 * @param device            "Chrome 156 on Linux", parsed from the user agent at login
 */
public record SessionSummary(String id, UUID userId, Instant createdAt, Instant absoluteExpiresAt, Instant idleExpiresAt,
                             @Nullable Instant revokedAt, @Nullable String revokedReason, @Nullable String ip,
                             String device) {

    static SessionSummary of(SessionRecord r) {
        return new SessionSummary(r.id(), r.userId(), r.createdAt(), r.absoluteExpiresAt(), r.idleExpiresAt(),
                r.revokedAt(), r.revokedReason(), r.ip(), r.device() == null ? DeviceLabels.UNKNOWN : r.device());
    }
}
