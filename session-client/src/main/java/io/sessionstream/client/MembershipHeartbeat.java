package io.sessionstream.client;

import com.github.benmanes.caffeine.cache.Ticker;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.sessionstream.store.MemberHash;
import io.sessionstream.store.TraceHash;
import io.sessionstream.store.StoreConnection;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's side of the {@link Membership}: it renews the membership every eighth of {@code trust-bound}
 * (instance id, this incarnation's boot id, the heartbeat time and the broadcast positions its consumer has applied),
 * and after every poll that applied invalidations it reports the new positions at once (a receipt: the positions in
 * its hash and a message on the receipts channel) and when it applied each revoked session (for tracing).
 *
 * <p>A renewal that reached Redis tells {@link CacheTrust}; the near cache is trusted only while the last one is
 * younger than half the bound. The auth-service counts an instance until its renewal is a whole bound old, so an
 * instance it no longer waits for has stopped answering from memory — with half a bound to spare for clock skew.
 * An instance that cannot reach Redis therefore validates from Redis only (which it cannot reach either: 503), and
 * says so once.
 */
@Context
@Requires(property = SessionClientConfiguration.INVALIDATION_LISTENER_ENABLED, notEquals = "false")
class MembershipHeartbeat {

    private static final Logger LOG = LoggerFactory.getLogger(MembershipHeartbeat.class);
    /** Sets the hash, its expiry and the zset entry, and prunes long-expired entries, in one call. */
    private static final String RENEW = """
            redis.call('HSET', KEYS[2], unpack(ARGV, 4))
            redis.call('PEXPIRE', KEYS[2], ARGV[2])
            redis.call('ZADD', KEYS[1], ARGV[1] + ARGV[2], ARGV[3])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - 4 * ARGV[2])
            return 1
            """;

    private final Membership membership;
    private final StoreConnection redis;
    private final CacheTrust trust;
    private final Clock clock;
    private final Ticker ticker;
    private final String instanceId;
    private final String bootId = UUID.randomUUID().toString();
    private final long boundMillis;
    private final long intervalMillis;
    private final AtomicReference<Map<Integer, Long>> positions = new AtomicReference<>(Map.of());
    private final AtomicBoolean failing = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "membership-heartbeat");
        t.setDaemon(true);
        return t;
    });

    MembershipHeartbeat(Membership membership, StoreConnection redis, CacheTrust trust,
                        SessionClientConfiguration config, Clock clock, Ticker ticker) {
        this.membership = membership;
        this.redis = redis;
        this.trust = trust;
        this.clock = clock;
        this.ticker = ticker;
        this.instanceId = membership.instanceId();
        this.boundMillis = config.trustBound().toMillis();
        this.intervalMillis = Math.max(10, boundMillis / 8);
        trust.requireMembership();
    }

    @PostConstruct
    void start() {
        timer.scheduleWithFixedDelay(this::renew, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** This instance's id among the members. */
    String instanceId() {
        return instanceId;
    }

    /**
     * The consumer's positions after a poll (the listener's thread): kept for the next renewal and, if this poll
     * applied invalidations, reported at once (a receipt), with when each of {@code revokedSessions} was applied.
     */
    void polled(Map<Integer, Long> current, boolean appliedAny, Collection<String> revokedSessions,
                long broadcastTimeMillis) {
        positions.set(Map.copyOf(current));
        if (!appliedAny || current.isEmpty()) {
            return;
        }
        try {
            RedisClusterAsyncCommands<String, String> async = redis.async();
            String now = String.valueOf(clock.millis());
            async.hset(membership.layout().member(instanceId), positionFields(current));
            StringBuilder receipt = new StringBuilder(instanceId);
            current.forEach((p, o) -> receipt.append(' ').append(p).append(':').append(o));
            async.publish(membership.layout().receipts(), receipt.toString());
            for (String sid : revokedSessions) {
                String key = membership.layout().trace(sid);
                async.hset(key, Map.of(instanceId, now, TraceHash.BROADCAST, String.valueOf(broadcastTimeMillis)));
                async.pexpire(key, Membership.TRACE_TTL.toMillis());
            }
        } catch (RuntimeException e) {
            // Not reported here: the next renewal says whether Redis is reachable, and trust follows it.
            LOG.debug("Could not report applied invalidations", e);
        }
    }

    private void renew() {
        long asOf = ticker.read();
        try {
            long now = clock.millis();
            List<String> args = new ArrayList<>(List.of(String.valueOf(now), String.valueOf(boundMillis), instanceId,
                    MemberHash.BOOT, bootId, MemberHash.HEARTBEAT, String.valueOf(now)));
            positionFields(positions.get()).forEach((field, value) -> {
                args.add(field);
                args.add(value);
            });
            redis.async().eval(RENEW, ScriptOutputType.INTEGER,
                            new String[] {membership.layout().members(), membership.layout().member(instanceId)},
                            args.toArray(String[]::new))
                    .get(Math.max(intervalMillis, boundMillis / 4), TimeUnit.MILLISECONDS);
            trust.membershipRenewed(asOf);
            if (failing.compareAndSet(true, false)) {
                LOG.info("Membership renewed in Redis again (instance {})", instanceId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (failing.compareAndSet(false, true)) {
                LOG.warn("Cannot renew this instance's membership in Redis ({}): the auth-service will stop waiting for "
                        + "it, so within {} ms its near cache is no longer trusted and every request goes to Redis",
                        e.getCause() != null ? e.getCause().toString() : e.toString(), boundMillis / 2);
            }
        }
    }

    private static Map<String, String> positionFields(Map<Integer, Long> positions) {
        Map<String, String> fields = new java.util.HashMap<>();
        positions.forEach((p, o) -> fields.put(MemberHash.positionField(p), String.valueOf(o)));
        return fields;
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        trust.membershipLeft();
        try {
            redis.async().zrem(membership.layout().members(), instanceId);
            redis.async().del(membership.layout().member(instanceId));
            redis.async().publish(membership.layout().receipts(), instanceId + " " + Membership.LEAVE);
        } catch (RuntimeException e) {
            LOG.debug("Could not leave the membership at shutdown; it expires by itself", e);
        }
    }
}
