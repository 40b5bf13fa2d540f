package io.sessionstream.client;

import io.sessionstream.store.RedisLayout;
import io.sessionstream.store.SessionHash;
import io.sessionstream.store.StoreConnection;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Reads sessions from the projection the session-projector writes: {@code HGETALL} of one key, the session hash
 * {@code {prefix}s:{sid}} ({@link SessionHash}; session-store documents the layout). A missing key means no live
 * session (never created, expired by its TTL, or deleted on revocation).
 *
 * <p>The connection is opened on the first read ({@link StoreConnection}).
 */
@Singleton
class RedisSessionStore {

    /** Distinct role sets whose list is shared among cached sessions; far more than a deployment has. */
    private static final int ROLE_SETS = 256;

    private final StoreConnection redis;
    private final RedisLayout layout;
    private final RoleLists roles = new RoleLists(ROLE_SETS);

    RedisSessionStore(StoreConnection redis, SessionClientConfiguration config) {
        this.redis = redis;
        this.layout = new RedisLayout(config.redisPrefix());
    }

    /**
     * The session, ready for the near cache, or empty if Redis holds none; throws Lettuce's
     * {@code RedisException} if Redis cannot answer.
     */
    Optional<CachedSession> read(String sessionId) {
        Map<String, String> h = redis.sync().hgetall(layout.session(sessionId));
        if (h == null) {
            return Optional.empty();
        }
        SessionHash session = SessionHash.of(h);
        if (!session.isSession()) {
            return Optional.empty();
        }
        return Optional.of(CachedSession.of(session.userId(), millis(session.createdAt()),
                millis(session.absoluteExpiry()), millis(session.idleExpiry()), roles.of(session.roles()),
                session.secretHash()));
    }

    private static long millis(Instant instant) {
        return instant == null ? 0 : instant.toEpochMilli();
    }
}
