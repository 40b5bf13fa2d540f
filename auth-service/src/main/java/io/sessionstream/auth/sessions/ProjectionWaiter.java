package io.sessionstream.auth.sessions;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sessionstream.auth.Refusal;
import io.sessionstream.client.SessionValidator;
import jakarta.inject.Singleton;
import io.sessionstream.client.SessionClientConfiguration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Read-your-writes (ARCHITECTURE §4): login answers only once its session is in the Redis
 * projection; a revocation only once the session is gone from Redis <em>and</em> this
 * instance's own invalidation consumer has received the broadcast, so the answer implies the
 * broadcast is already being delivered to every instance. Polls with a short interval up to
 * {@code projection-wait}; past that the answer is 503 with {@code Retry-After}, never a false
 * success (the change is committed and will be projected).
 */
@Singleton
public class ProjectionWaiter {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final StatefulRedisConnection<String, String> redis;
    private final SessionValidator validator;
    private final String prefix;
    private final Duration bound;
    private final Duration tombstoneTtl;
    private final Clock clock;

    ProjectionWaiter(StatefulRedisConnection<String, String> redis, SessionValidator validator, SessionConfiguration config,
                     SessionClientConfiguration client, Clock clock) {
        this.redis = redis;
        this.validator = validator;
        this.prefix = config.redisPrefix();
        this.bound = config.projectionWait();
        this.tombstoneTtl = client.tombstoneTtl();
        this.clock = clock;
    }

    public void awaitPresent(String sessionId) {
        await(sessionId, true);
    }

    public void awaitRevoked(String sessionId) {
        awaitRevoked(List.of(sessionId));
    }

    /** Waits until every session is gone from Redis and this instance has received each one's revocation. */
    public void awaitRevoked(Collection<String> sessionIds) {
        long deadline = awaitAllGone(sessionIds);
        for (String sid : sessionIds) {
            while (!validator.hasReceivedRevocation(sid)) {
                pause(deadline);
            }
        }
    }

    /**
     * Like {@link #awaitRevoked(Collection)} for {@code revoked}, and also for the sessions an earlier
     * request revoked: that request may have answered 503, and a repeated request must not answer 204
     * before their broadcast either. One revoked longer ago than this instance remembers broadcasts
     * ({@code tombstone-ttl}) is only checked to be gone from Redis.
     */
    public void awaitRevoked(Collection<String> revoked, Map<String, Instant> revokedEarlier) {
        List<String> awaited = new ArrayList<>(revoked);
        Instant remembered = clock.instant().minus(tombstoneTtl.dividedBy(2));
        revokedEarlier.forEach((sid, at) -> {
            if (at.isAfter(remembered)) {
                awaited.add(sid);
            }
        });
        long deadline = awaitAllGone(revokedEarlier.keySet());
        for (String sid : awaited) {
            await(sid, false, deadline);
            while (!validator.hasReceivedRevocation(sid)) {
                pause(deadline);
            }
        }
    }

    /**
     * Waits until the sessions are gone from Redis and this instance has received the user-wide
     * revocation with this epoch (the broadcast that also reached every other instance).
     */
    public void awaitUserRevoked(String userId, Instant notBefore, Collection<String> sessionIds) {
        long deadline = awaitAllGone(sessionIds);
        while (!validator.hasReceivedUserRevocation(userId, notBefore)) {
            pause(deadline);
        }
    }

    private long awaitAllGone(Collection<String> sessionIds) {
        long deadline = System.nanoTime() + bound.toNanos();
        for (String sid : sessionIds) {
            await(sid, false, deadline);
        }
        return deadline;
    }

    private void await(String sessionId, boolean present) {
        await(sessionId, present, System.nanoTime() + bound.toNanos());
    }

    private void await(String sessionId, boolean present, long deadline) {
        String key = prefix + "s:" + sessionId;
        while (exists(key) != present) {
            pause(deadline);
        }
    }

    private static void pause(long deadline) {
        if (System.nanoTime() > deadline) {
            throw Refusal.projectionPending();
        }
        LockSupport.parkNanos(POLL_NANOS);
    }

    private boolean exists(String key) {
        try {
            return redis.sync().exists(key) == 1;
        } catch (RedisException e) {
            throw Refusal.storeUnavailable("The session store is unreachable; the change is committed, retry shortly");
        }
    }
}
