package io.sessionstream.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.sessionstream.devstack.ApiClient;
import io.sessionstream.store.RedisLayout;

/** {@code MEMORY USAGE} of keys the projector wrote, read with Lettuce. */
final class RedisMemory {

    private RedisMemory() {
    }

    /**
     * Bytes of each key the projection holds for one user, as the projector wrote them.
     *
     * @param session       the session hash {@code s:}
     * @param userIndex     the user's index {@code u:}, holding {@code indexSessions} sessions
     * @param indexSessions sessions in that index when it was measured
     * @param fence         the user's fence {@code f:}
     * @param epoch         the user's revocation epoch {@code n:}, after a "log out everywhere"
     * @param revokedMarker one revoked session's marker {@code x:}, after that "log out everywhere"
     */
    record UserKeys(long session, long userIndex, long indexSessions, long fence, long epoch, long revokedMarker) {
    }

    /**
     * Measures the keys of {@code one}'s user: its session, index and fence as they are, then its epoch and
     * {@code one}'s revoked marker after a "log out everywhere" through the auth-service, which writes both (and
     * answers once they are projected). It ends every session of the user.
     */
    static UserKeys ofUser(ApiClient api, BenchStack stack, ApiClient.Session one) {
        RedisLayout keys = stack.layout();
        RedisClient client = RedisClient.create(stack.redisUri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> redis = c.sync();
            long session = usage(redis, keys.session(one.sessionId()));
            long index = usage(redis, keys.userSessions(one.userId()));
            long indexSessions = redis.zcard(keys.userSessions(one.userId()));
            long fence = usage(redis, keys.fence(one.userId()));
            ApiClient.Response everywhere = api.post(stack.authUrl() + "/api/auth/logout-everywhere", "", one.token());
            if (everywhere.status() != 204) {
                throw new IllegalStateException("logout everywhere answered " + everywhere);
            }
            return new UserKeys(session, index, indexSessions, fence, usage(redis, keys.userRevoked(one.userId())),
                    usage(redis, keys.revoked(one.sessionId())));
        } finally {
            client.shutdown();
        }
    }

    /** Bytes Redis reports for {@code key}; fails if the key does not exist. */
    private static long usage(RedisCommands<String, String> redis, String key) {
        Long bytes = redis.memoryUsage(key);
        if (bytes == null) {
            throw new IllegalStateException("no key " + key + " in Redis");
        }
        return bytes;
    }
}
