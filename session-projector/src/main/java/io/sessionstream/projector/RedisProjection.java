package io.sessionstream.projector;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.sessionstream.events.AllSessionsRevoked;
import io.sessionstream.events.LoggedIn;
import io.sessionstream.events.LoggedOut;
import io.sessionstream.events.PasswordChanged;
import io.sessionstream.events.SessionExpired;
import io.sessionstream.events.SessionRevoked;
import io.sessionstream.events.SessionTouched;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.store.RedisLayout.Family;
import io.sessionstream.store.StoreConnection;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the session read model to Redis (ARCHITECTURE §5): {@code {p}applied}, the sessions ({@code {p}s:}), the
 * users' indexes ({@code {p}u:}), revocation epochs ({@code {p}n:}) and fences ({@code {p}f:}) and the revoked
 * markers ({@code {p}x:}) under the configured prefix (default {@code ss:}), on a single Redis or a Redis Cluster
 * ({@link StoreConnection}). Their names ({@link RedisLayout}), slots, types, TTLs and fields are documented once,
 * in session-store's {@link io.sessionstream.store package}; the scripts in {@code lua/} write them.
 *
 * <p>Each event is one Lua script on the keys of one user, all in the user's slot, that first passes the fence
 * ({@code lua/fence.lua}, prepended to each fenced script): it compares the record's offset with the user's fence
 * ({@code {p}f:{<user tag>}<uid>}), and an already applied record changes nothing. A user's records are all in one
 * partition, in order, so the user's last applied offset fences them exactly as the partition's would, without one
 * hot key that every event writes. {@code SessionExpired} is the fence alone: the expired session is gone already. Apply and offset
 * move together, so at-least-once delivery gives exactly-once effects.
 * Touches are not fenced: they only move times forward.
 *
 * <p>Offsets mean something only within one incarnation of a topic: a topic deleted and created again, or
 * the same name on another cluster, starts again at offset 0. So the fence also compares the record's topic
 * id with the one recorded next to the offsets: the first fenced record of a topic with nothing recorded
 * claims it (writes the id). The projection as a whole records its incarnation in {@code {p}applied}, checked and
 * claimed once per batch ({@link #claim}) before any record of the batch is applied; each user's fence records it
 * too, and a record whose topic id is not the user's recorded one changes nothing and answers
 * {@link Outcome#FOREIGN}.
 * A record is never fenced by another incarnation's offset. Only a {@linkplain Rebuild rebuild} (which
 * {@linkplain #clear() clears} the hash and {@linkplain #claim claims} the current id) makes such a
 * projection this topic's again: see {@link ForeignProjection} for why it is not re-based on the spot.
 *
 * <p>A batch is pipelined: the {@code *Async} methods send one {@code EVALSHA} per record on the one
 * connection without waiting, and Redis runs them in that order, so a script sees what the earlier
 * ones of the batch wrote. Each record also names the {@linkplain Position#previous() previous} record
 * of its partition in the batch; a script refuses ({@link Outcome#REFUSED_PREVIOUS_NOT_APPLIED}) when
 * that one is not applied, so a command that failed (NOSCRIPT after a Redis restart, OOM, a moved slot) is never
 * overtaken by a later record of its user, which would move the fence past it.
 *
 * <p>On a Redis Cluster a session id must carry its user's hash tag ({@link RedisLayout#inUserSlot}), as every id
 * the auth-service mints does: a login of a session minted before that (by an earlier version) only moves the user's
 * fence, with a warning, and such a session cannot be validated on the cluster (its user signs in again).
 *
 * <p>{@link #clear()} deletes exactly these five families ({@code SCAN MATCH {p}* COUNT 1000}, then
 * {@code UNLINK}; on a cluster, Lettuce scans every master), nothing else under the prefix: the auth-service keeps its login-throttle buckets under
 * {@code {p}rl:} by default.
 */
@Singleton
class RedisProjection {

    /**
     * What a script did, by the code it returns (see the scripts' headers): decoded by the explicit code of each
     * constant, never by its position, so reordering the constants changes nothing ({@code OutcomeTest} holds each
     * code to the scripts' {@code return}s).
     */
    enum Outcome {
        APPLIED(0),
        /** Fenced: a record at or before this offset of this topic incarnation was applied; nothing changed. */
        ALREADY_APPLIED(1),
        SKIPPED_REVOKED(2),
        SKIPPED_EXPIRED(3),
        SKIPPED_UNKNOWN(4),
        REFUSED_PREVIOUS_NOT_APPLIED(5),
        /** {@code {p}applied} holds another incarnation of the record's topic: nothing changed. */
        FOREIGN(6);

        private static final Map<Long, Outcome> BY_CODE = Arrays.stream(values())
                .collect(Collectors.toUnmodifiableMap(o -> o.code, o -> o));

        private final long code;

        Outcome(long code) {
            this.code = code;
        }

        /** The number the scripts return for it. */
        long code() {
            return code;
        }

        static Outcome ofCode(long code) {
            Outcome outcome = BY_CODE.get(code);
            if (outcome == null) {
                throw new IllegalStateException("a projection script returned the unknown code " + code);
            }
            return outcome;
        }
    }

    /** Whose offsets {@code {p}applied} holds for a topic, as the fence sees it. */
    enum Ownership {
        /** The given topic id's. */
        SAME("same"),
        /** Nothing of the topic is recorded: its first fenced record claims it. */
        NONE("none"),
        /** Another topic id's, or offsets without an id: the fence refuses every record of the topic. */
        FOREIGN("foreign");

        private static final Map<String, Ownership> BY_NAME = Arrays.stream(values())
                .collect(Collectors.toUnmodifiableMap(o -> o.name, o -> o));

        private final String name;

        Ownership(String name) {
            this.name = name;
        }

        /** As the check command prints it. */
        String label() {
            return name;
        }

        static Ownership ofName(String name) {
            Ownership ownership = BY_NAME.get(name);
            if (ownership == null) {
                throw new IllegalStateException("the incarnation script returned the unknown state " + name);
            }
            return ownership;
        }
    }

    /**
     * Whose offsets {@code {p}applied} holds for a topic.
     *
     * @param ownership     as the fence sees it, for the topic id asked about
     * @param storedTopicId the topic id recorded, or null (none: nothing recorded, or offsets written
     *                      before ids were)
     */
    record Incarnation(Ownership ownership, String storedTopicId) {
    }

    /** What a user-wide revocation did: its outcome and the sids it deleted. */
    record UserWide(Outcome outcome, List<String> revoked) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RedisProjection.class);
    /** How long a batch waits for a replica to acknowledge its writes before it fails (and is retried). */
    private static final java.time.Duration REPLICATION_WAIT = java.time.Duration.ofSeconds(2);

    private final StoreConnection connection;
    private final RedisLayout layout;
    private final long revokedMarkerTtlMs;
    private final Clock clock;
    private final Script loggedIn = Script.fenced("logged-in.lua");
    private final Script revokeSessions = Script.fenced("forget.lua", "revoke-sessions.lua");
    private final Script revokeAll = Script.fenced("forget.lua", "revoke-all.lua");
    private final Script expired = Script.fenced("expired.lua");
    private final Script incarnation = Script.of("incarnation.lua");
    private final Script touched = Script.of("touched.lua");
    private final Script forgetRevoked = Script.of("forget.lua", "forget-revoked.lua");

    RedisProjection(StoreConnection connection, ProjectorConfiguration config, Clock clock) {
        this.connection = connection;
        this.layout = new RedisLayout(config.redisPrefix());
        this.revokedMarkerTtlMs = config.revokedMarkerTtl().toMillis();
        this.clock = clock;
    }

    Outcome apply(Position position, LoggedIn e) {
        return await(applyAsync(position, e));
    }

    Outcome apply(Position position, LoggedOut e) {
        return await(applyAsync(position, e));
    }

    Outcome apply(Position position, SessionRevoked e) {
        return await(applyAsync(position, e));
    }

    UserWide apply(Position position, AllSessionsRevoked e) {
        return await(applyAsync(position, e));
    }

    UserWide apply(Position position, PasswordChanged e) {
        return await(applyAsync(position, e));
    }

    Outcome apply(SessionTouched e) {
        return await(applyAsync(e));
    }

    CompletionStage<Outcome> applyAsync(Position position, LoggedIn e) {
        return applyAsync(position, e, e.idleExpiry());
    }

    /**
     * Applies the login with the given idle expiry instead of its own (a rebuild extends it by the activity
     * seen since the login); its idle timeout, by which touches extend it, stays the event's.
     */
    CompletionStage<Outcome> applyAsync(Position position, LoggedIn e, Instant idleExpiry) {
        if (connection.isCluster() && !RedisLayout.inUserSlot(e.userId(), e.sessionId())) {
            LOG.warn("Session {} of user {} was minted before session ids carried their user's hash tag: a Redis "
                    + "Cluster cannot hold it in its user's slot, so it is not projected (its user signs in again)",
                    e.sessionId(), e.userId());
            return fenceOnly(position, e.userId());
        }
        String[] keys = {layout.fence(e.userId()), layout.session(e.sessionId()), layout.userSessions(e.userId()),
                layout.revoked(e.sessionId()), layout.userRevoked(e.userId())};
        long idleTimeout = e.idleExpiry().toEpochMilli() - e.createdAt().toEpochMilli();
        return run(loggedIn, ScriptOutputType.INTEGER, keys, fence(position, now(), e.sessionId(), e.userId(),
                e.secretHash(), millis(e.createdAt()), millis(e.absoluteExpiry()), millis(idleExpiry),
                Objects.toString(e.ip(), ""), Objects.toString(e.userAgent(), ""), String.join(",", e.roles()),
                String.valueOf(idleTimeout))).thenApply(RedisProjection::outcome);
    }

    CompletionStage<Outcome> applyAsync(Position position, LoggedOut e) {
        return revokeSessions(position, e.userId(), List.of(e.sessionId()));
    }

    CompletionStage<Outcome> applyAsync(Position position, SessionRevoked e) {
        return revokeSessions(position, e.userId(), e.sessionIds());
    }

    CompletionStage<UserWide> applyAsync(Position position, AllSessionsRevoked e) {
        return revokeAll(position, e.userId(), e.notBefore(), e.keepSessionId());
    }

    CompletionStage<UserWide> applyAsync(Position position, PasswordChanged e) {
        return revokeAll(position, e.userId(), e.notBefore(), e.keepSessionId());
    }

    /** Only moves the fence: the session is gone from Redis already ({@code lua/expired.lua}). */
    CompletionStage<Outcome> applyAsync(Position position, SessionExpired e) {
        return fenceOnly(position, e.userId());
    }

    private CompletionStage<Outcome> fenceOnly(Position position, String userId) {
        return run(expired, ScriptOutputType.INTEGER, new String[] {layout.fence(userId)}, fence(position))
                .thenApply(RedisProjection::outcome);
    }

    CompletionStage<Outcome> applyAsync(SessionTouched e) {
        if (connection.isCluster() && !RedisLayout.inUserSlot(e.userId(), e.sessionId())) {
            return CompletableFuture.completedFuture(Outcome.SKIPPED_UNKNOWN);
        }
        String[] keys = {layout.session(e.sessionId()), layout.userSessions(e.userId())};
        return run(touched, ScriptOutputType.INTEGER, keys, new String[] {millis(e.touchedAt()), e.sessionId(),
                e.userId(), now()}).thenApply(RedisProjection::outcome);
    }

    /**
     * Completes once the writes sent so far are on a replica of their master (on a Redis Cluster; at once on a single
     * Redis): see {@link StoreConnection#awaitReplicated}.
     */
    CompletableFuture<Void> awaitReplicated() {
        return connection.awaitReplicated(REPLICATION_WAIT);
    }

    /** Whose projection {@code {p}applied} holds for the topic, compared with {@code topicId}; changes nothing. */
    Incarnation incarnation(String topic, Uuid topicId) {
        return incarnation(topic, topicId, "check");
    }

    /**
     * Records {@code topicId} as the incarnation of the topic if nothing of the topic is recorded (after a
     * {@link #clear()}); answers what was recorded before.
     */
    Incarnation claim(String topic, Uuid topicId) {
        return incarnation(topic, topicId, "claim");
    }

    private Incarnation incarnation(String topic, Uuid topicId, String mode) {
        List<?> result = (List<?>) await(run(incarnation, ScriptOutputType.MULTI, new String[] {layout.applied()},
                new String[] {topic, topicId.toString(), mode}));
        String stored = result.get(1).toString();
        return new Incarnation(Ownership.ofName(result.get(0).toString()), stored.isEmpty() ? null : stored);
    }

    private CompletionStage<Outcome> revokeSessions(Position position, String userId, List<String> sessionIds) {
        List<String> keys = new ArrayList<>(List.of(layout.fence(userId), layout.userSessions(userId)));
        List<String> args = new ArrayList<>(List.of(now(), String.valueOf(revokedMarkerTtlMs), userId));
        for (String sid : sessionIds) {
            if (connection.isCluster() && !RedisLayout.inUserSlot(userId, sid)) {
                // Never projected on the cluster (see the class comment), and its keys are in another slot.
                continue;
            }
            keys.add(layout.session(sid));
            keys.add(layout.revoked(sid));
            args.add(sid);
        }
        return run(revokeSessions, ScriptOutputType.INTEGER, keys.toArray(String[]::new),
                fence(position, args.toArray(String[]::new))).thenApply(RedisProjection::outcome);
    }

    private CompletionStage<UserWide> revokeAll(Position position, String userId, Instant notBefore,
                                                String keepSessionId) {
        String[] keys = {layout.fence(userId), layout.userSessions(userId), layout.userRevoked(userId)};
        CompletionStage<UserWide> done = run(revokeAll, ScriptOutputType.MULTI, keys, fence(position, now(),
                String.valueOf(revokedMarkerTtlMs), layout.prefix(), millis(notBefore),
                Objects.toString(keepSessionId, ""))).thenApply(result -> {
                    List<?> values = (List<?>) result;
                    List<String> revoked = new ArrayList<>();
                    for (Object sid : values.subList(1, values.size())) {
                        revoked.add(sid.toString());
                    }
                    return new UserWide(outcome(values.get(0)), revoked);
                });
        if (!connection.isCluster()) {
            return done;
        }
        // On a cluster, the sessions revoke-all.lua reached by keys it built are deleted again with their keys
        // declared (lua/forget-revoked.lua: a slot being migrated), before the revocation counts as applied. The
        // script is loaded here, on the caller's thread: the stage below runs on Lettuce's I/O thread, where a
        // synchronous SCRIPT LOAD would wait for a reply that thread itself must read.
        String forgetSha = forgetRevoked.sha(connection.sync());
        return done.thenCompose(wide -> wide.revoked().isEmpty() ? CompletableFuture.completedFuture(wide)
                : forgetRevoked(forgetSha, userId, wide.revoked()).thenApply(ignored -> wide));
    }

    private CompletionStage<Object> forgetRevoked(String sha, String userId, List<String> sessionIds) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of(now(), String.valueOf(revokedMarkerTtlMs), userId));
        for (String sid : sessionIds) {
            keys.add(layout.session(sid));
            keys.add(layout.revoked(sid));
            args.add(sid);
        }
        return run(forgetRevoked, sha, ScriptOutputType.INTEGER, keys.toArray(String[]::new),
                args.toArray(String[]::new));
    }

    /**
     * Deletes every key of the projection ({@code {p}applied} and the {@link RedisLayout#PROJECTION} families), for a
     * rebuild; returns how many there were.
     */
    long clear() {
        long[] deleted = {0};
        forEachKeyPage(page -> {
            String[] ours = page.stream().filter(layout::inProjection).toArray(String[]::new);
            if (ours.length > 0) {
                deleted[0] += connection.sync().unlink(ours);
            }
        });
        return deleted[0];
    }

    /** How many sessions the projection holds: its {@code {p}s:*} keys. */
    long countSessions() {
        long[] sessions = {0};
        forEachKeyPage(page -> sessions[0] += page.stream().filter(k -> layout.inFamily(k, Family.SESSION)).count());
        return sessions[0];
    }

    /**
     * Hands every key under the prefix to {@code action}, a {@code SCAN ... COUNT 1000} page at a time (on a cluster,
     * Lettuce's cursor goes through every master in turn).
     */
    private void forEachKeyPage(Consumer<List<String>> action) {
        RedisClusterCommands<String, String> redis = connection.sync();
        ScanArgs args = ScanArgs.Builder.matches(layout.scanPattern()).limit(1000);
        KeyScanCursor<String> page = redis.scan(ScanCursor.INITIAL, args);
        action.accept(page.getKeys());
        while (!page.isFinished()) {
            page = redis.scan(page, args);
            action.accept(page.getKeys());
        }
    }

    /** The fence arguments every fenced script starts with ({@code lua/fence.lua}), then the script's own. */
    private String[] fence(Position position, String... args) {
        String[] fence = {position.topic(), position.topicId().toString(), String.valueOf(position.partition()),
                String.valueOf(position.offset()), String.valueOf(position.previous()),
                String.valueOf(revokedMarkerTtlMs)};
        String[] all = Arrays.copyOf(fence, fence.length + args.length);
        System.arraycopy(args, 0, all, fence.length, args.length);
        return all;
    }

    private static Outcome outcome(Object code) {
        return Outcome.ofCode((Long) code);
    }

    /**
     * Sends the script without waiting. After NOSCRIPT (Redis restarted or was flushed) the script is
     * loaded again for the next call; this call fails, and the batch is retried.
     */
    private CompletionStage<Object> run(Script script, ScriptOutputType type, String[] keys, String[] args) {
        return run(script, script.sha(connection.sync()), type, keys, args);
    }

    /** Like the other, with the script's SHA known: never blocks, so it may run on Lettuce's I/O thread. */
    private CompletionStage<Object> run(Script script, String sha, ScriptOutputType type, String[] keys,
                                        String[] args) {
        RedisFuture<Object> sent = connection.async().evalsha(sha, type, keys, args);
        return sent.whenComplete((result, failure) -> {
            if (failure instanceof RedisNoScriptException) {
                script.forget();
            }
        });
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private String now() {
        return String.valueOf(clock.millis());
    }

    private static String millis(Instant instant) {
        return String.valueOf(instant.toEpochMilli());
    }

    /** A Lua script from the classpath, loaded into Redis once (again after NOSCRIPT). */
    private static final class Script {
        private final String source;
        private volatile String sha;

        private Script(String source) {
            this.source = source;
        }

        /** The scripts, one after the other: functions first ({@code lua/forget.lua}), then the script that calls them. */
        static Script of(String... resources) {
            StringBuilder source = new StringBuilder();
            for (String resource : resources) {
                source.append(read(resource)).append('\n');
            }
            return new Script(source.toString());
        }

        /** The script after the fence it calls: {@code lua/fence.lua}, the one home of the fence's rules. */
        static Script fenced(String... resources) {
            String[] all = new String[resources.length + 1];
            all[0] = "fence.lua";
            System.arraycopy(resources, 0, all, 1, resources.length);
            return of(all);
        }

        private static String read(String resource) {
            try (InputStream in = RedisProjection.class.getResourceAsStream("/lua/" + resource)) {
                return new String(Objects.requireNonNull(in, resource).readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String sha(RedisClusterCommands<String, String> redis) {
            String s = sha;
            return s != null ? s : reload(redis);
        }

        String reload(RedisClusterCommands<String, String> redis) {
            sha = redis.scriptLoad(source);
            return sha;
        }

        void forget() {
            sha = null;
        }
    }
}
