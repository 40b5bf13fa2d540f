package io.sessionstream.auth.sessions;

import io.micronaut.core.annotation.Nullable;
import io.sessionstream.client.SessionPrincipal;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revocation use cases of a signed-in caller: log out, revoke some of my sessions, all others, or all. Each
 * commits the change with its event ({@link SessionCommands}), counts it ({@link AuthMeters}), and returns only
 * once the sessions are gone from Redis and every live instance has applied the broadcast (receipts) ({@link ProjectionWaiter}); a
 * session of another user is the same {@code not_found} as an unknown one.
 */
@Singleton
class SessionRevocations {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRevocations.class);

    private final SessionCommands commands;
    private final ProjectionWaiter projection;
    private final AuthMeters meters;

    SessionRevocations(SessionCommands commands, ProjectionWaiter projection, AuthMeters meters) {
        this.commands = commands;
        this.projection = projection;
        this.meters = meters;
    }

    /** Ends the caller's own session; a repeated logout changes nothing and still waits for the first one. */
    void logout(SessionPrincipal caller, String traceId) {
        if (commands.logout(caller.userId(), caller.sessionId(), traceId)) {
            meters.logout();
            meters.revoked("logout", 1);
        }
        projection.awaitRevoked(caller.sessionId());
        LOG.info("User {} logged out session {}", caller.userId(), caller.sessionId());
    }

    /** Revokes the listed sessions of the caller, all or none. */
    void revoke(SessionPrincipal caller, List<String> sessionIds, String traceId) {
        SessionCommands.Revocation done = commands.revoke(caller.userId(), sessionIds, "revoked_by_user", traceId);
        meters.revoked("revoked_by_user", done.revoked().size());
        projection.awaitRevoked(done.revoked(), done.revokedEarlier());
        LOG.info("User {} revoked sessions {}", caller.userId(), done.revoked());
    }

    /** Revokes every session of the caller but the calling one. */
    void revokeOthers(SessionPrincipal caller, String traceId) {
        userWide(caller, caller.sessionId(), "revoke_others", traceId);
    }

    /** Revokes every session of the caller, the calling one included. */
    void logoutEverywhere(SessionPrincipal caller, String traceId) {
        userWide(caller, null, "logout_everywhere", traceId);
    }

    private void userWide(SessionPrincipal caller, @Nullable String keep, String reason, String traceId) {
        SessionCommands.UserWideRevocation done = commands.revokeAll(caller.userId(), keep, reason, traceId);
        meters.revoked(reason, done.revoked().size());
        projection.awaitUserRevoked(caller.userId(), done.notBefore(), done.revoked());
        LOG.info("User {}: {} of {} sessions", caller.userId(), reason, done.revoked().size());
    }
}
