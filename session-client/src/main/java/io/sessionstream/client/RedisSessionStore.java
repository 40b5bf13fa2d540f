package io.sessionstream.client;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.exceptions.BeanInstantiationException;
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
 * <p>The connection is opened on the first read, not when the bean is created: an instance that
 * starts (or first validates) while Redis is down answers "unavailable" for each read and
 * connects once Redis is back, instead of failing to create every bean that validates sessions.
 */
@Singleton
class RedisSessionStore {

    /** Distinct role sets whose list is shared among cached sessions; far more than a deployment has. */
    private static final int ROLE_SETS = 256;

    private final BeanProvider<StatefulRedisConnection<String, String>> redis;
    private final String prefix;
    private final RoleLists roles = new RoleLists(ROLE_SETS);
    private volatile StatefulRedisConnection<String, String> connection;

    RedisSessionStore(BeanProvider<StatefulRedisConnection<String, String>> redis, SessionClientConfiguration config) {
        this.redis = redis;
        this.prefix = config.redisPrefix();
    }

    /**
     * The session, ready for the near cache, or empty if Redis holds none; throws Lettuce's
     * {@code RedisException} if Redis cannot answer.
     */
    Optional<CachedSession> read(String sessionId) {
        Map<String, String> h = connection().sync().hgetall(prefix + "s:" + sessionId);
        if (h == null || h.isEmpty() || !h.containsKey("uid") || !h.containsKey("sh")) {
            return Optional.empty();
        }
        return Optional.of(CachedSession.of(h.get("uid"), millis(h.get("cr")), millis(h.get("ea")),
                millis(h.get("ei")), roles.of(h.get("ro")), h.get("sh")));
    }

    private StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null) {
            try {
                c = redis.get();
            } catch (BeanInstantiationException e) {
                for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                    if (cause instanceof RedisException) {
                        throw new RedisConnectionException("Cannot connect to Redis: " + cause.getMessage(), cause);
                    }
                }
                throw e;
            }
            connection = c;
        }
        return c;
    }

    private static long millis(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }
}
