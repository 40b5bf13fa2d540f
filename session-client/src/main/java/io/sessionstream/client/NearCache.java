package io.sessionstream.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.sessionstream.events.Invalidation;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This instance's memory of sessions: a bounded Caffeine cache of sessions read from Redis
 * (each held as a compact {@link CachedSession} under its session id),
 * a separate cache of tombstones for sessions revoked by a broadcast, and each user's
 * revocation epoch from user-wide broadcasts.
 *
 * <p>Why tombstones beat a concurrent load: {@link #onInvalidation} writes the tombstone
 * <em>before</em> it evicts, and {@link #putUnlessRevoked} re-checks the tombstone
 * <em>after</em> it inserts. Whichever order the two threads interleave in, a session read
 * from Redis before its revocation is either never inserted or evicted again.
 * Tombstones live in their own cache so that size-based eviction of sessions never drops them.
 *
 * <p>A user-wide revocation (logout everywhere, password change or reset) records the user's
 * epoch: {@link #isRevoked(String, CachedSession)} then rejects every session of that user created
 * before it (except the kept one) in O(1), cached or freshly read, even one whose own
 * tombstone was never written.
 *
 * <p>Emptying the cache ({@link #clear()}, when the instance stops trusting it) bumps a
 * generation: a session read from Redis before that is not cached afterwards, because
 * {@link #putUnlessRevoked} takes the generation its caller saw before the read.
 *
 * <p>Every entry expires after its time-to-live as measured by the injected {@link Ticker}
 * ({@code near-cache-ttl} for sessions, {@code tombstone-ttl} for tombstones and epochs), so tests
 * advance a fake ticker instead of waiting.
 */
@Singleton
class NearCache implements InvalidationHandler {

    /** A user's revocation epoch: sessions created before {@code notBefore} are revoked, except {@code kept}. */
    record Epoch(Instant notBefore, String kept) {

        boolean revokes(String sessionId, CachedSession session) {
            return Instant.ofEpochMilli(session.createdAtMillis()).isBefore(notBefore) && !sessionId.equals(kept);
        }
    }

    private final Cache<String, CachedSession> sessions;
    private final Cache<String, Boolean> tombstones;
    /** Keyed by {@link UserKeys#of}, so that a cached session finds its user's epoch without rebuilding the id string. */
    private final Cache<Object, Epoch> epochs;
    private final AtomicLong generation = new AtomicLong();

    NearCache(SessionClientConfiguration config, Ticker ticker) {
        this.sessions = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(config.nearCacheMaxSize())
                .expireAfterWrite(config.nearCacheTtl())
                .build();
        this.tombstones = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(Math.max(10_000, config.nearCacheMaxSize()))
                .expireAfterWrite(config.tombstoneTtl())
                .build();
        this.epochs = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(Math.max(10_000, config.nearCacheMaxSize()))
                .expireAfterWrite(config.tombstoneTtl())
                .build();
    }

    /** Whether this instance learnt that the session is revoked (its own broadcast). */
    boolean isRevoked(String sessionId) {
        return tombstones.getIfPresent(sessionId) != null;
    }

    /**
     * Whether this instance learnt that the session {@code sessionId}, held as {@code session}, is
     * revoked, by its own broadcast or its user's epoch.
     */
    boolean isRevoked(String sessionId, CachedSession session) {
        if (isRevoked(sessionId)) {
            return true;
        }
        Epoch epoch = epochs.getIfPresent(session.userKey());
        return epoch != null && epoch.revokes(sessionId, session);
    }

    /** The user's revocation epoch as this instance knows it. */
    Optional<Epoch> epoch(String userId) {
        return Optional.ofNullable(epochs.getIfPresent(UserKeys.of(userId)));
    }

    /** The session cached under {@code sessionId}, if any. */
    Optional<CachedSession> get(String sessionId) {
        return Optional.ofNullable(sessions.getIfPresent(sessionId));
    }

    /** The current generation: read it before reading a session from Redis, for {@link #putUnlessRevoked}. */
    long generation() {
        return generation.get();
    }

    /**
     * Caches a session read from Redis under its id, after the caller saw {@code readGeneration}.
     * Returns false (and caches nothing) if it was revoked meanwhile. If the cache was emptied since
     * {@code readGeneration}, the session is not cached either, but that is no revocation: it returns true.
     */
    boolean putUnlessRevoked(String sessionId, CachedSession session, long readGeneration) {
        if (isRevoked(sessionId, session)) {
            return false;
        }
        if (generation.get() != readGeneration) {
            return true;
        }
        sessions.put(sessionId, session);
        if (isRevoked(sessionId, session)) {
            sessions.invalidate(sessionId);
            return false;
        }
        if (generation.get() != readGeneration) {
            sessions.invalidate(sessionId);
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

    /**
     * Empties the session cache and starts a new generation, so that no read from before lands in it;
     * tombstones and epochs are kept (they only ever reject).
     */
    void clear() {
        generation.incrementAndGet();
        sessions.invalidateAll();
    }

    @Override
    public void onInvalidation(Invalidation invalidation) {
        if (invalidation.userWide() && invalidation.notBefore() != null) {
            // Epoch first: from here on, a racing load of any older session of the user is rejected.
            Epoch epoch = new Epoch(invalidation.notBefore(), invalidation.keepSessionId());
            epochs.asMap().merge(UserKeys.of(invalidation.userId()), epoch,
                    (old, now) -> now.notBefore().isBefore(old.notBefore()) ? old : now);
        }
        for (String sid : invalidation.sessionIds()) {
            if (!Objects.equals(sid, invalidation.keepSessionId())) {
                tombstones.put(sid, Boolean.TRUE);
                sessions.invalidate(sid);
            }
        }
    }
}
