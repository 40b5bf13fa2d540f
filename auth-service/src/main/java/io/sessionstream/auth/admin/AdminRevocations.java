package io.sessionstream.auth.admin;

import io.micronaut.transaction.annotation.Transactional;
import io.sessionstream.auth.outbox.OutboxProgress;
import io.sessionstream.auth.sessions.SessionCommands;
import io.sessionstream.auth.sessions.SessionLookup;
import io.sessionstream.auth.sessions.SessionSummary;
import io.sessionstream.auth.users.User;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code revoke} and {@code revoke-all}: through the auth-service's own {@link SessionCommands}, so the sessions'
 * state and the event commit in one transaction (the outbox; no dual write), with the reasons
 * {@value #REVOKED_BY_ADMIN} and {@value #REVOKED_ALL_BY_ADMIN}. Then waits, up to {@code publish-wait}, for a
 * running auth-service's relay to publish the event: this process has no relay. Past the bound it says so and
 * fails; the event stays committed and is published when a relay runs.
 */
@Singleton
class AdminRevocations {

    static final String REVOKED_BY_ADMIN = "revoked_by_admin";
    static final String REVOKED_ALL_BY_ADMIN = "revoked_all_by_admin";
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** What a revocation committed; {@code outboxId} is null when there was nothing to revoke (no event). */
    record Committed(User user, List<String> revoked, String event, Long outboxId, String traceId) {
    }

    private final SessionCommands commands;
    private final SessionLookup sessions;
    private final UserResolver users;
    private final OutboxProgress outbox;
    private final Duration publishWait;

    AdminRevocations(SessionCommands commands, SessionLookup sessions, UserResolver users, OutboxProgress outbox,
                     AdminConfiguration config) {
        this.commands = commands;
        this.sessions = sessions;
        this.users = users;
        this.outbox = outbox;
        this.publishWait = config.publishWait();
    }

    /** {@code revoke <session-id>}; answers whether its event was published in time. */
    boolean revoke(String sessionId, PrintStream out, PrintStream err) {
        SessionSummary session = sessions.find(sessionId).orElseThrow(() -> new AdminFailure("no session " + sessionId));
        if (session.revokedAt() != null) {
            out.println("session " + sessionId + " was revoked already at " + SessionListing.time(session.revokedAt())
                    + " (" + session.revokedReason() + "); nothing to do");
            return true;
        }
        Committed done = commitRevoke(session.userId(), sessionId);
        if (done.outboxId() == null) {
            out.println("session " + sessionId + " was revoked meanwhile; nothing to do");
            return true;
        }
        out.println("revoked session " + sessionId + " of " + who(done.user()) + " (reason " + REVOKED_BY_ADMIN
                + ", trace " + done.traceId() + ")");
        return awaitPublished(done, out, err);
    }

    /** {@code revoke-all <email-or-user-id>}; answers whether its event was published in time. */
    boolean revokeAll(String emailOrUserId, PrintStream out, PrintStream err) {
        Committed done = commitRevokeAll(users.resolve(emailOrUserId).id());
        out.println("revoked " + done.revoked().size() + " session" + (done.revoked().size() == 1 ? "" : "s") + " of "
                + who(done.user()) + (done.revoked().isEmpty() ? "" : ": " + String.join(" ", done.revoked()))
                + " (reason " + REVOKED_ALL_BY_ADMIN + ", trace " + done.traceId() + ")");
        return awaitPublished(done, out, err);
    }

    @Transactional
    Committed commitRevoke(UUID userId, String sessionId) {
        String traceId = traceId();
        SessionCommands.Revocation revocation = commands.revoke(userId.toString(), List.of(sessionId), REVOKED_BY_ADMIN,
                traceId);
        Long outboxId = revocation.revoked().isEmpty() ? null : outbox.lastAppendedId();
        return new Committed(user(userId), revocation.revoked(), "SessionRevoked", outboxId, traceId);
    }

    @Transactional
    Committed commitRevokeAll(UUID userId) {
        String traceId = traceId();
        SessionCommands.UserWideRevocation revocation = commands.revokeAll(userId.toString(), null,
                REVOKED_ALL_BY_ADMIN, traceId);
        return new Committed(user(userId), revocation.revoked(), "AllSessionsRevoked", outbox.lastAppendedId(), traceId);
    }

    private boolean awaitPublished(Committed done, PrintStream out, PrintStream err) {
        long start = System.nanoTime();
        long deadline = start + publishWait.toNanos();
        while (!outbox.isPublished(done.outboxId())) {
            if (System.nanoTime() - deadline > 0) {
                err.println("committed; not yet published after " + publishWait.toSeconds() + " s (" + done.event()
                        + ", outbox id " + done.outboxId() + ") — is an auth-service running? It will be published by"
                        + " the relay when one runs");
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        out.printf("published: %s on Kafka (outbox id %d) after %d ms%n", done.event(), done.outboxId(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return true;
    }

    private User user(UUID userId) {
        return users.resolve(userId.toString());
    }

    private static String who(User user) {
        return user.email() + " (user " + user.id() + ")";
    }

    private static String traceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
