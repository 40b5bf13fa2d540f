package io.sessionstream.client;

import io.lettuce.core.api.StatefulRedisConnection;
import io.sessionstream.testkit.ProjectedSession;
import java.time.Duration;
import java.time.Instant;

/**
 * Writes sessions to Redis by hand in the projector's layout ({@link ProjectedSession}), for the client's tests;
 * the projector's own tests prove it writes that layout.
 */
final class StoredSessions {

    private final StatefulRedisConnection<String, String> redis;
    private final String prefix;

    StoredSessions(StatefulRedisConnection<String, String> redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    /** A session of {@code userId} with role {@code user}, idle for a day. */
    SessionToken store(String userId) {
        return store(userId, Instant.now().plus(Duration.ofDays(1)), "user");
    }

    SessionToken store(String userId, Instant idleExpiry, String roles) {
        SessionToken token = SessionToken.generate();
        ProjectedSession.store(redis.sync(), prefix, token.sessionId(),
                ProjectedSession.hash(userId, token.secretHash(), idleExpiry, roles));
        return token;
    }
}
