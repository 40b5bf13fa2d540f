package io.sessionstream.client;

import io.micronaut.http.HttpRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * Validates the session token of a request: near cache first, then Redis; checks the
 * secret hash in constant time and both expiries.
 *
 * <ul>
 *   <li>A session revoked by an invalidation this instance received is rejected, even if a
 *       Redis read that raced with the revocation returns it.</li>
 *   <li>If Redis cannot be read and the session is not in the near cache, the answer is
 *       {@link Validation.Unavailable}: never admit on error.</li>
 *   <li>A session created before its user's revocation epoch (a user-wide revocation this
 *       instance received) is rejected, unless it is the one session the revocation kept.</li>
 *   <li>An admitted session is reported as activity (throttled per session), which extends its
 *       idle expiry in Redis.</li>
 *   <li>Garbage tokens are {@link Validation.Rejected}, never an exception.</li>
 * </ul>
 */
public interface SessionValidator {

    /** Validates a token {@code sid.secret}; {@code null} is {@link Validation.Reason#MISSING}. */
    Validation validate(String token);

    /** Validates the token of a request, from the session cookie or an {@code Authorization: Bearer} header. */
    Validation validate(HttpRequest<?> request);

    /**
     * Validates the request's token only as far as this instance's memory can: a missing or
     * malformed token, a session this instance knows is revoked, or a live session in the near
     * cache. Empty when Redis has to be asked — then call {@link #validate(HttpRequest)} off the
     * event loop. Never blocks, so an event-loop caller can answer near-cache hits without a
     * thread hop. When it answers empty, it may leave what it learnt on the request, so that
     * {@link #validate(HttpRequest)} of the same request neither parses the token nor asks memory
     * again. The default knows nothing and always answers empty.
     */
    default Optional<Validation> validateWithoutBlocking(HttpRequest<?> request) {
        return Optional.empty();
    }

    /**
     * Whether this instance has received the broadcast that revokes the session. A service
     * that revokes a session can wait for this before it answers, so that its answer implies
     * the broadcast is already on its way to every instance.
     */
    boolean hasReceivedRevocation(String sessionId);

    /**
     * Whether this instance has received a user-wide revocation of the user with an epoch at
     * or after {@code notBefore} (logout everywhere, password change or reset).
     */
    boolean hasReceivedUserRevocation(String userId, Instant notBefore);
}
