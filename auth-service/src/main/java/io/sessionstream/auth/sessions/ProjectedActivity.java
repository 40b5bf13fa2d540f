package io.sessionstream.auth.sessions;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.micronaut.core.annotation.Nullable;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.store.SessionHash;
import io.sessionstream.store.StoreConnection;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Last seen and idle expiry of sessions as the Redis projection holds them ({@link SessionHash#LAST_SEEN} and
 * {@link SessionHash#IDLE_EXPIRY} of {@code <prefix>s:{<tag>}<sid>}), where activity moves them; PostgreSQL has them only as
 * of login (or as the expiry sweep last saw them). Used by the session list, the admin command and the expiry sweep.
 * Redis is connected on first use, so a process that never lists sessions never needs it.
 */
@Singleton
public class ProjectedActivity {

    /**
     * One session's activity in the projection.
     *
     * @param lastSeen   the last request seen, or null if the projection does not hold the session (ended by
     *                   idle timeout, or not projected yet)
     * @param idleExpiry when it ends without activity, or null likewise
     */
    public record Activity(@Nullable Instant lastSeen, @Nullable Instant idleExpiry) {

        /** Whether the projection holds the session. */
        public boolean held() {
            return lastSeen != null;
        }
    }

    private static final long TIMEOUT_SECONDS = 5;

    private final StoreConnection redis;
    private final RedisLayout layout;

    ProjectedActivity(StoreConnection redis, SessionConfiguration config) {
        this.redis = redis;
        this.layout = new RedisLayout(config.redisPrefix());
    }

    /**
     * The activity of each session, in the order given (pipelined: one round trip).
     *
     * @throws RedisException if Redis is not reachable or does not answer within 5 s
     */
    public List<Activity> of(List<String> sessionIds) {
        List<RedisFuture<List<KeyValue<String, String>>>> futures = new ArrayList<>();
        for (String sid : sessionIds) {
            futures.add(redis.async().hmget(layout.session(sid), SessionHash.LAST_SEEN, SessionHash.IDLE_EXPIRY));
        }
        List<Activity> result = new ArrayList<>();
        try {
            for (RedisFuture<List<KeyValue<String, String>>> f : futures) {
                SessionHash held = SessionHash.of(present(f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)));
                result.add(new Activity(held.lastSeen(), held.idleExpiry()));
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new RedisException("session activity not read from Redis: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading session activity", e);
        }
        return result;
    }

    /**
     * Whether the projection exists at all: the projector writes {@code <prefix>applied} (which incarnation of the
     * events topic it is of) with the first batch it projects, and only a flush of Redis, or a rebuild's first step, removes it. Without it, a session the
     * projection does not hold may never have been projected, rather than have ended by idle timeout.
     *
     * @throws RedisException if Redis is not reachable
     */
    public boolean projectionExists() {
        return redis.sync().exists(layout.applied()) == 1;
    }

    /** The fields an {@code HMGET} found. */
    private static Map<String, String> present(List<KeyValue<String, String>> fields) {
        Map<String, String> present = new HashMap<>();
        fields.forEach(field -> field.ifHasValue(value -> present.put(field.getKey(), value)));
        return present;
    }
}
