package io.sessionstream.auth.sessions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * One session in {@code GET /api/auth/sessions}.
 *
 * @param id                the session id (public; never the token)
 * @param current           whether it is the session making the request
 * @param createdAt         login time
 * @param lastSeenAt        last activity an app instance reported (login time if none yet)
 * @param absoluteExpiresAt the end, whatever the activity
 * @param idleExpiresAt     the end unless there is activity before it
 * @param ip                client address at login
 * @param userAgent         user agent at login
 * @param device            "Chrome 156 on Linux", parsed from the user agent
 */
@Serdeable
record SessionView(String id, boolean current, Instant createdAt, Instant lastSeenAt, Instant absoluteExpiresAt,
                   Instant idleExpiresAt, @Nullable String ip, @Nullable String userAgent, String device) {

    /** Body of the list. */
    @Serdeable
    record Page(List<SessionView> sessions) {
    }
}
