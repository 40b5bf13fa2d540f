package io.sessionstream.client;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;

/**
 * Reads sessions from the projection the session-projector writes. Reads one key:
 *
 * <pre>
 * HGETALL {prefix}s:{sid}   hash: uid, sh (base64url sha256 of the secret), cr (created, epoch ms),
 *                           ea (absolute expiry, epoch ms), ei (idle expiry, epoch ms),
 *                           ro (roles, comma-separated), ...
 * </pre>
 *
 * A missing key means no live session (never created, expired by its TTL, or deleted on revocation).
 *
 * <p>The connection is opened on the first read ({@link LazyRedisConnection}).
 */
@Singleton
class RedisSessionStore {

    /** Distinct role sets whose list is shared among cached sessions; far more than a deployment has. */
    private static final int ROLE_SETS = 256;

    private final LazyRedisConnection redis;
    private final String prefix;
    private final RoleLists roles = new RoleLists(ROLE_SETS);

    RedisSessionStore(LazyRedisConnection redis, SessionClientConfiguration config) {
        this.redis = redis;
        this.prefix = config.redisPrefix();
    }

    /**
     * The session, ready for the near cache, or empty if Redis holds none; throws Lettuce's
     * {@code RedisException} if Redis cannot answer.
     */
    Optional<CachedSession> read(String sessionId) {
        Map<String, String> h = redis.get().sync().hgetall(prefix + "s:" + sessionId);
        if (h == null || h.isEmpty() || !h.containsKey("uid") || !h.containsKey("sh")) {
            return Optional.empty();
        }
        return Optional.of(CachedSession.of(h.get("uid"), millis(h.get("cr")), millis(h.get("ea")),
                millis(h.get("ei")), roles.of(h.get("ro")), h.get("sh")));
    }

    private static long millis(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }
}
