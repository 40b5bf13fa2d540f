package io.sessionstream.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import io.sessionstream.events.EventType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The question the audit answers: who was signed in as user X at time T, and from where.
 * <ul>
 *   <li>{@code GET /audit/users/{userId}/sessions?at=2026-11-23T10:00:00Z}: the sessions signed in at that time
 *       (begun by then, not ended by any event by then, before their absolute expiry);</li>
 *   <li>{@code GET /audit/users/{userId}/sessions}: every session of the user, newest first, with how each ended.</li>
 * </ul>
 * A session that expired ends with its {@code SessionExpired}, at the event's time (up to one sweep interval after
 * the expiry: the answer errs on the side of "signed in"). Behind {@link ApiTokenFilter}.
 */
@Controller(SessionsController.PATH)
class SessionsController {

    static final String PATH = "/audit/users/{userId}/sessions";

    private final AuditRepository repository;

    SessionsController(AuditRepository repository) {
        this.repository = repository;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    Sessions sessions(@PathVariable String userId, @Nullable @QueryValue Instant at) {
        List<AuditedSession> rows = at == null ? repository.sessionsOf(userId) : repository.signedInAt(userId, at);
        return new Sessions(userId, at, rows.stream().map(SessionsController::view).toList());
    }

    private static Session view(AuditedSession s) {
        Ending ended = s.endedAt() == null ? null : new Ending(s.endedAt(), how(s.endedByType()), s.endReason(),
                Actor.of(s.endReason()).label(), s.endedByEventId(), s.endTraceId());
        return new Session(s.sessionId(), s.signedInAt(), s.ip(), s.userAgent(), s.absoluteExpiry(),
                s.idleExpiryAtSignIn(), ended);
    }

    /** The contract's name of the event type ({@code LoggedOut}, {@code SessionRevoked}, ...). */
    private static String how(String ceType) {
        return EventType.fromCeType(ceType).map(t -> t.dataClass().getSimpleName()).orElse(ceType);
    }

    /**
     * The answer.
     *
     * @param userId   the user asked about
     * @param at       the time asked about; absent for the whole history
     * @param sessions the sessions, each with where it signed in from and, once ended, how
     */
    @Serdeable
    record Sessions(String userId, @Nullable Instant at, List<Session> sessions) {
    }

    /**
     * One session.
     *
     * @param sessionId          its id (as in the events)
     * @param signedInAt         when it was signed in
     * @param ip                 from which address
     * @param userAgent          from which device (User-Agent)
     * @param absoluteExpiry     when it ends at the latest
     * @param idleExpiryAtSignIn its idle expiry when signed in (activity moves it; activity is not published)
     * @param ended              how it ended, absent while no event has ended it
     */
    @Serdeable
    record Session(String sessionId, Instant signedInAt, @Nullable String ip, @Nullable String userAgent,
                   Instant absoluteExpiry, Instant idleExpiryAtSignIn, @Nullable Ending ended) {
    }

    /**
     * How a session ended.
     *
     * @param at      when (the ending event's time)
     * @param how     the ending event: LoggedOut, SessionRevoked, AllSessionsRevoked or PasswordChanged
     * @param reason  its reason, e.g. {@code revoked_by_admin}
     * @param by      who: {@code user}, {@code admin}, {@code system}, or {@code unknown} for a reason this version
     *                does not know
     * @param eventId the ending event's id
     * @param traceId the ending event's trace id, to find the request in the producer's logs
     */
    @Serdeable
    record Ending(Instant at, String how, @Nullable String reason, String by, UUID eventId, @Nullable String traceId) {
    }
}
