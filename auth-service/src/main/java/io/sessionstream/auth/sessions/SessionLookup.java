package io.sessionstream.auth.sessions;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads the {@code sessions} table for operators (the admin command); changes go through {@link SessionCommands}. */
@Singleton
public class SessionLookup {

    private final SessionRepository sessions;
    private final Clock clock;

    SessionLookup(SessionRepository sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    /** The session with this id, live or not. */
    public Optional<SessionSummary> find(String sessionId) {
        return sessions.findById(sessionId).map(SessionSummary::of);
    }

    /** The user's sessions that are neither revoked nor past their absolute expiry, newest first. */
    public List<SessionSummary> live(UUID userId) {
        return sessions.findLive(userId, clock.instant()).stream().map(SessionSummary::of).toList();
    }
}
