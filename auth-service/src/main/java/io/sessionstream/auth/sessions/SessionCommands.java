package io.sessionstream.auth.sessions;

import io.micronaut.transaction.annotation.Transactional;
import io.sessionstream.auth.AuthConfiguration;
import io.sessionstream.auth.outbox.OutboxWriter;
import io.sessionstream.client.SessionToken;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.LoggedIn;
import io.sessionstream.events.LoggedOut;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Session state changes, each committed with its event in one transaction (no dual write). */
@Singleton
class SessionCommands {

    private static final String SOURCE = "auth-service";

    private final SessionRepository sessions;
    private final OutboxWriter outbox;
    private final Clock clock;
    private final AuthConfiguration config;

    SessionCommands(SessionRepository sessions, OutboxWriter outbox, Clock clock, AuthConfiguration config) {
        this.sessions = sessions;
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
    }

    /** Creates a session for the user and appends {@code LoggedIn}. */
    @Transactional
    SessionRecord open(UUID userId, SessionToken token, String ip, String userAgent, String traceId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        SessionRecord record = new SessionRecord(token.sessionId(), userId, token.secretHash(), now,
                now.plus(config.absoluteLifetime()), now.plus(config.idleTimeout()), null, null, ip,
                truncate(userAgent, 512));
        sessions.save(record);
        outbox.append(new Envelope<>(EventMetadata.now(SOURCE, traceId, clock), new LoggedIn(userId.toString(),
                record.id(), record.secretHash(), record.createdAt(), record.absoluteExpiresAt(),
                record.idleExpiresAt(), record.ip(), record.userAgent(), List.of(LoggedIn.DEFAULT_ROLE))));
        return record;
    }

    /**
     * Revokes the session and appends {@code LoggedOut}; returns false (and appends nothing)
     * if it was already revoked, so repeated logouts are harmless.
     */
    @Transactional
    boolean logout(String userId, String sessionId, String traceId) {
        if (sessions.revoke(sessionId, clock.instant(), "logout") == 0) {
            return false;
        }
        outbox.append(new Envelope<>(EventMetadata.now(SOURCE, traceId, clock), new LoggedOut(userId, sessionId)));
        return true;
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
