package io.sessionstream.auth.sessions;

import io.lettuce.core.RedisException;
import io.sessionstream.auth.Refusal;
import io.sessionstream.client.AppliedBroadcasts;
import io.sessionstream.client.BroadcastPosition;
import io.sessionstream.client.SessionClientConfiguration;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.store.StoreConnection;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Read-your-writes (docs/guarantees.md): a login answers only once its session is in the Redis projection; a
 * revocation only once it holds on every instance:
 * <ol>
 *   <li>this instance has applied the revocation's broadcast ({@link AppliedBroadcasts}: it is told, it does not
 *       poll). The projector broadcasts only after Redis no longer holds the sessions;</li>
 *   <li>every other instance that may answer from its near cache has applied it too ({@link RevocationReceipts}).</li>
 * </ol>
 * Up to {@code projection-wait}; past it the answer is 503 with {@code Retry-After}, never a false success (the
 * change is committed and will be applied).
 */
@Singleton
public class ProjectionWaiter {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final StoreConnection redis;
    private final AppliedBroadcasts applied;
    private final RevocationReceipts receipts;
    private final RedisLayout layout;
    private final Duration bound;
    private final Duration tombstoneTtl;
    private final Clock clock;

    ProjectionWaiter(StoreConnection redis, AppliedBroadcasts applied,
                     RevocationReceipts receipts, SessionConfiguration config, SessionClientConfiguration client,
                     Clock clock) {
        this.redis = redis;
        this.applied = applied;
        this.receipts = receipts;
        this.layout = new RedisLayout(config.redisPrefix());
        this.bound = config.projectionWait();
        this.tombstoneTtl = client.tombstoneTtl();
        this.clock = clock;
    }

    /** Waits until the session is in Redis (a login). */
    public void awaitPresent(String sessionId) {
        long deadline = deadline();
        String key = layout.session(sessionId);
        while (!exists(key)) {
            pause(deadline);
        }
    }

    public void awaitRevoked(String sessionId) {
        awaitRevoked(List.of(sessionId));
    }

    /** Waits until the revocation of every session holds on every instance. */
    public void awaitRevoked(Collection<String> sessionIds) {
        awaitRevoked(sessionIds, Map.of());
    }

    /**
     * Like {@link #awaitRevoked(Collection)} for {@code revoked}, and also for the sessions an earlier request revoked:
     * that request may have answered 503, and a repeated request must not answer 204 before their broadcast either.
     * One revoked longer ago than this instance remembers broadcasts ({@code tombstone-ttl}) is only checked to be
     * gone from Redis.
     */
    public void awaitRevoked(Collection<String> revoked, Map<String, Instant> revokedEarlier) {
        long deadline = deadline();
        List<CompletableFuture<BroadcastPosition>> own = new ArrayList<>();
        revoked.forEach(sid -> own.add(applied.sessionRevoked(sid)));
        Instant remembered = clock.instant().minus(tombstoneTtl.dividedBy(2));
        revokedEarlier.forEach((sid, at) -> {
            if (at.isAfter(remembered)) {
                own.add(applied.sessionRevoked(sid));
            } else {
                awaitGone(sid, deadline);
            }
        });
        receipts.awaitEveryInstance(positions(own, deadline), deadline);
    }

    /** Waits until the user-wide revocation with this epoch holds on every instance. */
    public void awaitUserRevoked(String userId, Instant notBefore, Collection<String> sessionIds) {
        long deadline = deadline();
        receipts.awaitEveryInstance(positions(List.of(applied.userRevoked(userId, notBefore)), deadline), deadline);
    }

    private List<BroadcastPosition> positions(List<CompletableFuture<BroadcastPosition>> futures, long deadline) {
        List<BroadcastPosition> positions = new ArrayList<>();
        try {
            for (CompletableFuture<BroadcastPosition> future : futures) {
                positions.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return positions;
        } catch (TimeoutException | ExecutionException e) {
            throw Refusal.projectionPending();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.projectionPending();
        } finally {
            futures.forEach(f -> f.cancel(false));
        }
    }

    private void awaitGone(String sessionId, long deadline) {
        String key = layout.session(sessionId);
        while (exists(key)) {
            pause(deadline);
        }
    }

    private long deadline() {
        return System.nanoTime() + bound.toNanos();
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
