package io.sessionstream.client;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Tells when this instance has applied a revocation broadcast, instead of being asked over and over: what the
 * auth-service waits on before it asks the other instances for their receipts ({@link Membership}). A revocation
 * this instance applied within {@code tombstone-ttl} completes at once.
 */
public interface AppliedBroadcasts {

    /** Completes once this instance has applied an invalidation revoking the session (alone or user-wide). */
    CompletableFuture<BroadcastPosition> sessionRevoked(String sessionId);

    /** Completes once this instance has applied a user-wide revocation of the user with this epoch or a later one. */
    CompletableFuture<BroadcastPosition> userRevoked(String userId, Instant notBefore);
}
