package io.sessionstream.client;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real {@link NearCache} that counts how often a validation asks it, and remembers every session id
 * <em>instance</em> it was asked about. {@link SessionToken#parse} cuts the session id out of the token anew on each
 * call, so the number of distinct instances is the number of times the token was parsed.
 */
final class CountingNearCache extends NearCache {

    final AtomicInteger sessionLookups = new AtomicInteger();
    final AtomicInteger tombstoneLookups = new AtomicInteger();
    private final Set<String> sessionIds = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    CountingNearCache(SessionClientConfiguration config, Ticker ticker) {
        super(config, ticker);
    }

    /** How many times the token was parsed, as seen from here. */
    int parses() {
        return sessionIds.size();
    }

    @Override
    Optional<CachedSession> get(String sessionId) {
        sessionIds.add(sessionId);
        sessionLookups.incrementAndGet();
        return super.get(sessionId);
    }

    @Override
    boolean isRevoked(String sessionId) {
        sessionIds.add(sessionId);
        tombstoneLookups.incrementAndGet();
        return super.isRevoked(sessionId);
    }

    @Override
    boolean putUnlessRevoked(String sessionId, CachedSession session, long readGeneration) {
        sessionIds.add(sessionId);
        return super.putUnlessRevoked(sessionId, session, readGeneration);
    }

    @Override
    void evict(String sessionId) {
        sessionIds.add(sessionId);
        super.evict(sessionId);
    }
}
