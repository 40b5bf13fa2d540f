package io.sessionstream.auth.sessions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import io.sessionstream.auth.outbox.OutboxWriter;
import io.sessionstream.auth.users.User;
import io.sessionstream.auth.users.UserRepository;
import io.sessionstream.auth.Refusal;
import io.sessionstream.client.SessionToken;
import io.sessionstream.events.AllSessionsRevoked;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.LoggedIn;
import io.sessionstream.events.LoggedOut;
import io.sessionstream.events.PasswordChanged;
import io.sessionstream.events.SessionEvent;
import io.sessionstream.events.SessionExpired;
import io.sessionstream.events.SessionRevoked;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Session state changes, each committed with its event in one transaction (no dual write).
 *
 * <p>Every command first locks the user's row, so the changes of one user are serialized:
 * their outbox rows are appended in commit order, and the epoch of a user-wide revocation is
 * later than the creation time of every session it revokes.
 */
@Singleton
public class SessionCommands {

    private static final String SOURCE = "auth-service";
    private static final java.util.regex.Pattern CONTROL = java.util.regex.Pattern.compile("\\p{Cntrl}");
    private static final Set<String> EXPIRY_REASONS = Set.of(SessionExpired.IDLE_EXPIRED, SessionExpired.ABSOLUTE_EXPIRED);

    /**
     * What a revocation of chosen sessions did: the sessions it revoked, and when each of the others
     * had been revoked already (by an earlier request whose answer may not have waited for it).
     */
    public record Revocation(List<String> revoked, Map<String, Instant> revokedEarlier) {
    }

    /** What a user-wide revocation did: the epoch it set and the sessions it revoked. */
    public record UserWideRevocation(Instant notBefore, List<String> revoked) {
    }

    private final SessionRepository sessions;
    private final UserRepository users;
    private final OutboxWriter outbox;
    private final Clock clock;
    private final SessionConfiguration config;

    SessionCommands(SessionRepository sessions, UserRepository users, OutboxWriter outbox, Clock clock,
                    SessionConfiguration config) {
        this.sessions = sessions;
        this.users = users;
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
    }

    /** Creates a session for the user and appends {@code LoggedIn}. */
    @Transactional
    SessionRecord open(UUID userId, SessionToken token, String ip, String userAgent, String device, String traceId) {
        return openLocked(lock(userId), token, ip, userAgent, device, traceId);
    }

    private SessionRecord openLocked(User user, SessionToken token, String ip, String userAgent, String device,
                                     String traceId) {
        Instant now = now();
        SessionRecord record = new SessionRecord(token.sessionId(), user.id(), token.secretHash(), now,
                now.plus(config.absoluteLifetime()), now.plus(config.idleTimeout()), null, null, ip,
                printable(userAgent, 512), device);
        sessions.save(record);
        append(traceId, new LoggedIn(user.id().toString(), record.id(), record.secretHash(), record.createdAt(),
                record.absoluteExpiresAt(), record.idleExpiresAt(), record.ip(), record.userAgent(), user.roleList()));
        return record;
    }

    /**
     * Revokes the session and appends {@code LoggedOut}; returns false (and appends nothing)
     * if it was already revoked, so repeated logouts are harmless.
     */
    @Transactional
    boolean logout(String userId, String sessionId, String traceId) {
        lock(UUID.fromString(userId));
        if (sessions.revoke(sessionId, now(), "logout") == 0) {
            return false;
        }
        append(traceId, new LoggedOut(userId, sessionId));
        return true;
    }

    /**
     * Ends a session whose expiry has passed and appends {@code SessionExpired}; returns false (and appends nothing)
     * if it had ended already or its expiry has not passed after all. Under the user's lock like every revocation,
     * so whichever of them commits second finds the session ended: a session ends once, with one event.
     */
    @Transactional
    boolean expire(UUID userId, String sessionId, String reason, Instant expiredAt) {
        lock(userId);
        if (sessions.expire(sessionId, now(), reason) == 0) {
            return false;
        }
        // No trace id: no request caused it (the sweep's log line names the session).
        append(null, new SessionExpired(userId.toString(), sessionId, reason, expiredAt));
        return true;
    }

    /**
     * Revokes some of the user's own sessions and appends one {@code SessionRevoked}. If any id
     * is not one of the user's sessions, nothing is revoked and the answer is 404 — the same as
     * for an unknown id, so nobody learns which ids exist.
     */
    @Transactional
    public Revocation revoke(String userId, List<String> sessionIds, String reason, String traceId) {
        UUID uid = UUID.fromString(userId);
        lock(uid);
        Set<String> requested = new HashSet<>(sessionIds);
        if (!new HashSet<>(sessions.findOwnedIds(uid, requested)).equals(requested)) {
            throw Refusal.notFound("session");
        }
        Instant now = now();
        List<String> revoked = requested.stream().filter(sid -> sessions.revoke(sid, now, reason) == 1)
                .sorted().collect(Collectors.toList());
        if (!revoked.isEmpty()) {
            append(traceId, new SessionRevoked(userId, revoked, reason));
        }
        Set<String> earlier = new HashSet<>(requested);
        earlier.removeAll(revoked);
        // An expired session is left out: its end has no broadcast to wait for, and no instance accepts it anyway.
        Map<String, Instant> revokedEarlier = earlier.isEmpty() ? Map.of()
                : sessions.findRevoked(earlier).stream().filter(r -> !EXPIRY_REASONS.contains(r.revokedReason()))
                        .collect(Collectors.toMap(SessionRecord::id, SessionRecord::revokedAt));
        return new Revocation(revoked, revokedEarlier);
    }

    /**
     * Revokes every session of the user except {@code keep} (if given) and appends
     * {@code AllSessionsRevoked} with a new epoch.
     */
    @Transactional
    public UserWideRevocation revokeAll(String userId, @Nullable String keep, String reason, String traceId) {
        UUID uid = UUID.fromString(userId);
        lock(uid);
        return revokeAllLocked(uid, keep, reason, traceId,
                notBefore -> new AllSessionsRevoked(userId, keep, notBefore, reason));
    }

    /** What a password change did: the caller's new session and the revocation of every other one. */
    public record Renewal(SessionRecord session, UserWideRevocation revocation) {
    }

    /**
     * Sets the user's password hash, opens a new session for the caller (a fresh id and secret: OWASP's renewal
     * after a privilege change) and revokes every other session — the caller's old one included — appending
     * {@code LoggedIn} and then {@code PasswordChanged} keeping only the new session: one transaction.
     */
    @Transactional
    public Renewal changePassword(UUID userId, String passwordHash, SessionToken token, String ip, String userAgent,
                                  String device, String traceId) {
        User user = lock(userId);
        users.updatePasswordHash(userId, passwordHash);
        SessionRecord session = openLocked(user, token, ip, userAgent, device, traceId);
        UserWideRevocation revocation = revokeAllLocked(userId, session.id(), "password_changed", traceId,
                notBefore -> new PasswordChanged(userId.toString(), session.id(), notBefore));
        return new Renewal(session, revocation);
    }

    /**
     * Sets the password after a reset and revokes every session of the user (appends
     * {@code AllSessionsRevoked} with reason {@code password_reset}). The caller's transaction
     * has already consumed the reset token.
     */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public UserWideRevocation resetPassword(UUID userId, String passwordHash, String traceId) {
        lock(userId);
        users.updatePasswordHash(userId, passwordHash);
        return revokeAllLocked(userId, null, "password_reset", traceId,
                notBefore -> new AllSessionsRevoked(userId.toString(), null, notBefore, "password_reset"));
    }

    private UserWideRevocation revokeAllLocked(UUID userId, @Nullable String keep, String reason, String traceId,
                                               java.util.function.Function<Instant, SessionEvent> event) {
        Instant notBefore = now();
        List<String> revoked = sessions.findUnrevokedIds(userId).stream()
                .filter(sid -> !Objects.equals(sid, keep))
                .filter(sid -> sessions.revoke(sid, notBefore, reason) == 1)
                .sorted().collect(Collectors.toList());
        append(traceId, event.apply(notBefore));
        return new UserWideRevocation(notBefore, revoked);
    }

    private User lock(UUID userId) {
        return users.lock(userId).orElseThrow(Refusal::unauthenticated);
    }

    private void append(String traceId, SessionEvent event) {
        outbox.append(new Envelope<>(EventMetadata.now(SOURCE, traceId, clock), event));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** At most {@code max} characters, control characters dropped (PostgreSQL refuses NUL in text). */
    static String printable(String value, int max) {
        if (value == null) {
            return null;
        }
        String clean = CONTROL.matcher(value).replaceAll("");
        return clean.length() <= max ? clean : clean.substring(0, max);
    }
}
