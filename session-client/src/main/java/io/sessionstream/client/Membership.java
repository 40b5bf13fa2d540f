package io.sessionstream.client;

import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.sessionstream.store.MemberHash;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.store.TraceHash;
import io.sessionstream.store.StoreConnection;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances that validate sessions, and how far each has applied the invalidation broadcast: what the
 * auth-service waits for before it answers a revocation (the receipts). Every instance with an invalidation
 * consumer is a member while it renews its membership ({@code MembershipHeartbeat}); it trusts its near cache only
 * while that renewal is fresh, so an instance the set no longer counts cannot answer from memory.
 *
 * <p>Redis layout, under {@code sessionstream.client.redis-prefix} ({@code {p}}), named by session-store's
 * {@link RedisLayout} and documented with the rest of the layout there: {@code {p}m} (zset: the members by when their
 * membership expires), {@code {p}m:<id>} (hash: {@link MemberHash}), {@code {p}t:<sid>} (hash: {@link TraceHash},
 * kept {@link #TRACE_TTL} for {@code ./admin trace}) and the channel {@code {p}receipts}. A member's position on
 * partition N of the broadcast means every invalidation before it has been applied, or predates everything the
 * instance could have cached.
 */
@Singleton
public class Membership {

    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    /** How long the per-session apply times are kept, for tracing a revocation. */
    static final Duration TRACE_TTL = Duration.ofHours(1);

    /**
     * A message on the receipts channel: an instance reported new positions ({@code <id> <partition>:<offset> ...},
     * the same positions it has just written to its hash), or left the membership ({@code <id> leave}).
     *
     * @param positions the reported positions; empty when it left, or for a part of the message that is no
     *                  {@code <partition>:<offset>} (anyone who can publish on the channel can send anything)
     */
    public record Receipt(String instanceId, boolean left, Map<Integer, Long> positions) {

        /** At most this many positions are read from one message: a topic has far fewer partitions. */
        static final int MAX_POSITIONS = 1_024;

        static Receipt parse(String message) {
            String[] parts = message.split(" ");
            if (parts.length == 2 && parts[1].equals(LEAVE)) {
                return new Receipt(parts[0], true, Map.of());
            }
            Map<Integer, Long> positions = new HashMap<>();
            for (int i = 1; i < parts.length && positions.size() < MAX_POSITIONS; i++) {
                int colon = parts[i].indexOf(':');
                try {
                    int partition = Integer.parseInt(parts[i].substring(0, Math.max(0, colon)));
                    long offset = Long.parseLong(parts[i].substring(colon + 1));
                    if (partition >= 0 && offset >= 0) {
                        positions.put(partition, offset);
                    }
                } catch (NumberFormatException e) {
                    // not a position: ignored
                }
            }
            return new Receipt(parts[0], false, Map.copyOf(positions));
        }
    }

    static final String LEAVE = "leave";

    /** One instance, as its last renewal left it. */
    public record Member(String instanceId, String bootId, Instant renewedAt, Map<Integer, Long> positions) {

        /** Whether the instance has applied the broadcast record at {@code offset} of {@code partition}. */
        public boolean hasApplied(int partition, long offset) {
            return Membership.hasApplied(positions, partition, offset);
        }
    }

    /**
     * Whether an instance at {@code positions} (a member's, or what a receipt reported) has applied the broadcast
     * record at {@code offset} of {@code partition}.
     */
    public static boolean hasApplied(Map<Integer, Long> positions, int partition, long offset) {
        Long position = positions.get(partition);
        return position != null && position > offset;
    }

    private final RedisLayout layout;
    private final String instanceId;
    private final StoreConnection redis;
    private final List<java.util.function.Consumer<Receipt>> receiptListeners = new CopyOnWriteArrayList<>();
    private volatile StatefulRedisPubSubConnection<String, String> subscription;

    Membership(SessionClientConfiguration config, MembershipConfiguration membership, StoreConnection redis) {
        this.layout = new RedisLayout(config.redisPrefix());
        this.instanceId = membership.instanceIdOrDefault();
        this.redis = redis;
    }

    /** This instance's id among the members. */
    public String instanceId() {
        return instanceId;
    }

    /** The keys of the membership, under this application's prefix. */
    RedisLayout layout() {
        return layout;
    }

    /**
     * The members whose membership has not expired at {@code now}, with their positions: one {@code ZRANGEBYSCORE}
     * and one {@code HGETALL} per member, pipelined. Throws Lettuce's {@code RedisException} if Redis cannot answer.
     */
    public List<Member> live(Instant now, Duration timeout) {
        RedisClusterAsyncCommands<String, String> async = redis.async();
        try {
            List<String> ids = async.zrangebyscore(layout.members(), Range.create(now.toEpochMilli(), Double.POSITIVE_INFINITY))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, RedisFuture<Map<String, String>>> hashes = new LinkedHashMap<>();
            for (String id : ids) {
                hashes.put(id, async.hgetall(layout.member(id)));
            }
            List<Member> members = new ArrayList<>();
            for (Map.Entry<String, RedisFuture<Map<String, String>>> e : hashes.entrySet()) {
                Map<String, String> h = e.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                members.add(member(e.getKey(), h));
            }
            return members;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.lettuce.core.RedisCommandInterruptedException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new io.lettuce.core.RedisCommandTimeoutException("membership not read within " + timeout + ": " + e);
        }
    }

    /**
     * When each instance applied the invalidation of the session, and the broadcast's own time (under
     * {@link TraceHash#BROADCAST}), as far as kept.
     */
    public Map<String, Instant> appliedAt(String sessionId) {
        Map<String, Instant> times = new LinkedHashMap<>();
        redis.sync().hgetall(layout.trace(sessionId))
                .forEach((field, ms) -> times.put(field, Instant.ofEpochMilli(Long.parseLong(ms))));
        return times;
    }

    /**
     * Calls {@code listener} (on Redis' I/O thread: it must only take note and wake someone up) whenever some instance
     * reports new positions or leaves. Subscribes on first use (on a Redis Cluster, through one node: a
     * cluster delivers every {@code PUBLISH} to the subscribers of every node); while Redis is down there is no call, and callers read {@link #live} on their own schedule.
     */
    public void onReceipt(java.util.function.Consumer<Receipt> listener) {
        receiptListeners.add(listener);
        subscribe();
    }

    /** Stops calling {@code listener}. */
    public void removeReceiptListener(java.util.function.Consumer<Receipt> listener) {
        receiptListeners.remove(listener);
    }

    private void subscribe() {
        if (subscription != null) {
            return;
        }
        synchronized (this) {
            if (subscription != null) {
                return;
            }
            try {
                StatefulRedisPubSubConnection<String, String> connection = redis.connectPubSub();
                connection.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        Receipt receipt = Receipt.parse(message);
                        receiptListeners.forEach(l -> l.accept(receipt));
                    }
                });
                connection.sync().subscribe(layout.receipts());
                subscription = connection;
            } catch (RuntimeException e) {
                LOG.warn("Cannot subscribe to revocation receipts ({}): waits read the membership on a timer", e.toString());
            }
        }
    }

    private static Member member(String id, Map<String, String> h) {
        Map<Integer, Long> positions = new HashMap<>();
        h.forEach((field, value) -> {
            int partition = MemberHash.partitionOf(field);
            if (partition >= 0) {
                try {
                    positions.put(partition, Long.parseLong(value));
                } catch (NumberFormatException e) {
                    // not a position
                }
            }
        });
        String hb = h.get(MemberHash.HEARTBEAT);
        return new Member(id, h.getOrDefault(MemberHash.BOOT, ""),
                hb == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(hb)), Map.copyOf(positions));
    }

    @PreDestroy
    void close() {
        StatefulRedisPubSubConnection<String, String> s = subscription;
        if (s != null) {
            s.close();
        }
    }
}
