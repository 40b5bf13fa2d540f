package io.sessionstream.client;

import io.sessionstream.events.Invalidation;

/**
 * Applies a revocation broadcast to this instance's memory. Must be idempotent and must
 * win over concurrent loads: after {@link #onInvalidation} returns, no session it names is
 * admitted from memory, and a Redis read already in flight cannot re-insert one.
 */
public interface InvalidationHandler {

    /** Evicts the sessions the invalidation names and remembers them as revoked. */
    void onInvalidation(Invalidation invalidation);
}
