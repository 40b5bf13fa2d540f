package io.sessionstream.testkit;

import io.lettuce.core.api.sync.RedisCommands;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.store.SessionHash;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A session hash in the layout the session-projector writes ({@code {prefix}s:{sid}}, written through session-store's
 * {@link SessionHash}), for tests of the reading side that put a session into Redis by hand. The projector's own
 * tests prove it writes this layout.
 */
public final class ProjectedSession {

    /** How long a hand-made session key lives in Redis. */
    public static final Duration KEY_TTL = Duration.ofMinutes(5);

    private ProjectedSession() {
    }

    /** Fields of a session created now, ending in 7 days, idle until {@code idleExpiry}, with these roles. */
    public static Map<String, String> hash(String userId, String secretHash, Instant idleExpiry, String roles) {
        Instant now = Instant.now();
        return new SessionHash(userId, secretHash, now, now.plus(Duration.ofDays(7)), idleExpiry, null, null, null, null,
                roles).toHash();
    }

    /** Fields of a session created now, ending in 7 days, idle for a day, role {@code user}. */
    public static Map<String, String> hash(String userId, String secretHash) {
        return hash(userId, secretHash, Instant.now().plus(Duration.ofDays(1)), "user");
    }

    /** Writes the session's hash under {@code prefix}, to live {@link #KEY_TTL}. */
    public static void store(RedisCommands<String, String> redis, String prefix, String sessionId,
                             Map<String, String> hash) {
        String key = new RedisLayout(prefix).session(sessionId);
        redis.hset(key, hash);
        redis.pexpire(key, KEY_TTL.toMillis());
    }
}
