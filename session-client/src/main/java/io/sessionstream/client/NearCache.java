package io.sessionstream.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sessionstream.events.Invalidation;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * This instance's memory of sessions: a bounded Caffeine cache of sessions read from Redis,
 * and a separate cache of tombstones for sessions revoked by a broadcast.
 *
 * <p>Why tombstones beat a concurrent load: {@link #onInvalidation} writes the tombstone
 * <em>before</em> it evicts, and {@link #putUnlessRevoked} re-checks the tombstone
 * <em>after</em> it inserts. Whichever order the two threads interleave in, a session read
 * from Redis before its revocation is either never inserted or evicted again.
 * Tombstones live in their own cache so that size-based eviction of sessions never drops them.
 */
@Singleton
class NearCache implements InvalidationHandler {

    private final Cache<String, StoredSession> sessions;
    private final Cache<String, Boolean> tombstones;

    NearCache(SessionClientConfiguration config) {
        this.sessions = Caffeine.newBuilder()
                .maximumSize(config.nearCacheMaxSize())
                .expireAfterWrite(config.nearCacheTtl())
                .build();
        this.tombstones = Caffeine.newBuilder()
                .maximumSize(Math.max(10_000, config.nearCacheMaxSize()))
                .expireAfterWrite(config.tombstoneTtl())
                .build();
    }

    /** Whether this instance learnt that the session is revoked. */
    boolean isRevoked(String sessionId) {
        return tombstones.getIfPresent(sessionId) != null;
    }

    /** The cached session, if any. */
    Optional<StoredSession> get(String sessionId) {
        return Optional.ofNullable(sessions.getIfPresent(sessionId));
    }

    /** Caches a session just read from Redis; returns false (and caches nothing) if it was revoked meanwhile. */
    boolean putUnlessRevoked(StoredSession session) {
        String sid = session.principal().sessionId();
        if (isRevoked(sid)) {
            return false;
        }
        sessions.put(sid, session);
        if (isRevoked(sid)) {
            sessions.invalidate(sid);
            return false;
        }
        return true;
    }

    /** Drops a session that Redis no longer has. */
    void evict(String sessionId) {
        sessions.invalidate(sessionId);
    }

    /** Number of cached sessions (approximate). */
    long size() {
        return sessions.estimatedSize();
    }

    /** Empties the session cache; tombstones are kept. */
    void clear() {
        sessions.invalidateAll();
    }

    @Override
    public void onInvalidation(Invalidation invalidation) {
        for (String sid : invalidation.sessionIds()) {
            tombstones.put(sid, Boolean.TRUE);
            sessions.invalidate(sid);
        }
        if (invalidation.userWide()) {
            evictUserWide(invalidation);
        }
    }

    private void evictUserWide(Invalidation invalidation) {
        Instant notBefore = invalidation.notBefore();
        for (Map.Entry<String, StoredSession> e : sessions.asMap().entrySet()) {
            SessionPrincipal p = e.getValue().principal();
            boolean kept = p.sessionId().equals(invalidation.keepSessionId());
            boolean older = notBefore == null || p.createdAt().isBefore(notBefore);
            if (p.userId().equals(invalidation.userId()) && !kept && older) {
                tombstones.put(p.sessionId(), Boolean.TRUE);
                sessions.invalidate(p.sessionId());
            }
        }
    }
}
