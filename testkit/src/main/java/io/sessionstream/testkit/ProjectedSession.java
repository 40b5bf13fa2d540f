package io.sessionstream.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A session hash in the layout the session-projector writes ({@code {prefix}s:{sid}}, see its
 * {@code RedisProjection}), for tests of the reading side that put a session into Redis by hand.
 * The projector's own tests prove it writes this layout.
 */
public final class ProjectedSession {

    /** How long a hand-made session key lives in Redis. */
    public static final Duration KEY_TTL = Duration.ofMinutes(5);

    private ProjectedSession() {
    }

    /** Fields of a session created now, ending in 7 days, idle until {@code idleExpiry}, with these roles. */
    public static Map<String, String> hash(String userId, String secretHash, Instant idleExpiry, String roles) {
        Instant now = Instant.now();
        return Map.of(
                "uid", userId,
                "sh", secretHash,
                "cr", String.valueOf(now.toEpochMilli()),
                "ea", String.valueOf(now.plus(Duration.ofDays(7)).toEpochMilli()),
                "ei", String.valueOf(idleExpiry.toEpochMilli()),
                "ro", roles);
    }

    /** Fields of a session created now, ending in 7 days, idle for a day, role {@code user}. */
    public static Map<String, String> hash(String userId, String secretHash) {
        return hash(userId, secretHash, Instant.now().plus(Duration.ofDays(1)), "user");
    }
}
