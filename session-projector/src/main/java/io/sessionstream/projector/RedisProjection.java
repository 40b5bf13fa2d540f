package io.sessionstream.projector;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.sessionstream.events.AllSessionsRevoked;
import io.sessionstream.events.LoggedIn;
import io.sessionstream.events.LoggedOut;
import io.sessionstream.events.PasswordChanged;
import io.sessionstream.events.SessionRevoked;
import io.sessionstream.events.SessionTouched;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Writes the session read model to Redis (ARCHITECTURE §5). Keys, with the configured
 * prefix (default {@code ss:}):
 *
 * <pre>
 * {p}s:{sid}       hash   uid, sh (base64url sha256 of the secret), cr (created), ea (absolute expiry),
 *                         ei (idle expiry), it (idle timeout), ls (last seen) — times in epoch ms — ip, ua,
 *                         ro (roles, comma-separated). TTL: PEXPIREAT min(ea, ei); a touch moves ei and the TTL.
 * {p}u:{uid}       zset   the user's sids scored by min(ea, ei); members past their score are pruned on
 *                         every write; TTL: PEXPIREAT the highest score.
 * {p}n:{uid}       hash   nb (the user's revocation epoch, epoch ms), k (the sid it kept, or ''): a session
 *                         created before nb, other than k, is revoked. TTL: revokedMarkerTtl.
 * {p}x:{sid}       string "1": the session was revoked, so a replayed LoggedIn cannot resurrect it.
 *                         TTL: PEXPIREAT its absolute expiry (or now + revokedMarkerTtl if unknown).
 * {p}applied       hash   "{topic}:{partition}" → last applied offset.
 * </pre>
 *
 * <p>Each event is one Lua script that first compares the record's offset with
 * {@code {p}applied}: an already applied record changes nothing. Apply and offset move
 * together, so at-least-once delivery gives exactly-once effects. Touches are not fenced: they
 * only move times forward.
 *
 * <p>A batch is pipelined: the {@code *Async} methods send one {@code EVALSHA} per record on the one
 * connection without waiting, and Redis runs them in that order, so a script sees what the earlier
 * ones of the batch wrote. Each record also names the {@linkplain Position#previous() previous} record
 * of its partition in the batch; a script refuses ({@link Outcome#REFUSED_PREVIOUS_NOT_APPLIED}) when
 * that one is not applied, so a command that failed (NOSCRIPT after a Redis restart, OOM) is never
 * overtaken by a later record of its partition, which would move the fence past it.
 *
 * <p>{@link #clear()} deletes exactly these five families ({@code SCAN MATCH {p}* COUNT 1000}, then
 * {@code UNLINK}), nothing else under the prefix: the auth-service keeps its login-throttle buckets under
 * {@code {p}rl:} by default.
 */
@Singleton
class RedisProjection {

    /** What a script did. */
    enum Outcome {
        APPLIED, ALREADY_APPLIED, SKIPPED_REVOKED, SKIPPED_EXPIRED, SKIPPED_UNKNOWN, REFUSED_PREVIOUS_NOT_APPLIED
    }

    /** What a user-wide revocation did: its outcome and the sids it deleted. */
    record UserWide(Outcome outcome, List<String> revoked) {
    }

    private final RedisCommands<String, String> redis;
    private final RedisAsyncCommands<String, String> async;
    private final String prefix;
    private final long revokedMarkerTtlMs;
    private final Clock clock;
    private final Script loggedIn = new Script("logged-in.lua");
    private final Script revokeSessions = new Script("revoke-sessions.lua");
    private final Script revokeAll = new Script("revoke-all.lua");
    private final Script touched = new Script("touched.lua");

    RedisProjection(StatefulRedisConnection<String, String> connection, ProjectorConfiguration config, Clock clock) {
        this.redis = connection.sync();
        this.async = connection.async();
        this.prefix = config.redisPrefix();
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
        String[] keys = {prefix + "applied", prefix + "s:" + e.sessionId(), prefix + "u:" + e.userId(),
                prefix + "x:" + e.sessionId(), prefix + "n:" + e.userId()};
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

    CompletionStage<Outcome> applyAsync(SessionTouched e) {
        String[] keys = {prefix + "s:" + e.sessionId(), prefix + "u:" + e.userId()};
        return run(touched, ScriptOutputType.INTEGER, keys, new String[] {millis(e.touchedAt()), e.sessionId(),
                e.userId(), now()}).thenApply(RedisProjection::outcome);
    }

    private CompletionStage<Outcome> revokeSessions(Position position, String userId, List<String> sessionIds) {
        List<String> keys = new ArrayList<>(List.of(prefix + "applied", prefix + "u:" + userId));
        List<String> args = new ArrayList<>(List.of(now(), String.valueOf(revokedMarkerTtlMs), userId));
        for (String sid : sessionIds) {
            keys.add(prefix + "s:" + sid);
            keys.add(prefix + "x:" + sid);
            args.add(sid);
        }
        return run(revokeSessions, ScriptOutputType.INTEGER, keys.toArray(String[]::new),
                fence(position, args.toArray(String[]::new))).thenApply(RedisProjection::outcome);
    }

    private CompletionStage<UserWide> revokeAll(Position position, String userId, Instant notBefore,
                                                String keepSessionId) {
        String[] keys = {prefix + "applied", prefix + "u:" + userId, prefix + "n:" + userId};
        return run(revokeAll, ScriptOutputType.MULTI, keys, fence(position, now(), String.valueOf(revokedMarkerTtlMs),
                prefix, millis(notBefore), Objects.toString(keepSessionId, ""))).thenApply(result -> {
                    List<?> values = (List<?>) result;
                    List<String> revoked = new ArrayList<>();
                    for (Object sid : values.subList(1, values.size())) {
                        revoked.add(sid.toString());
                    }
                    return new UserWide(outcome(values.get(0)), revoked);
                });
    }

    /**
     * Deletes every key of the projection (the five families above, {@code {p}applied} included), for a
     * rebuild; returns how many there were.
     */
    long clear() {
        List<String> families = List.of(prefix + "s:", prefix + "u:", prefix + "n:", prefix + "x:");
        long[] deleted = {0};
        forEachKeyPage(page -> {
            String[] ours = page.stream()
                    .filter(k -> k.equals(prefix + "applied") || families.stream().anyMatch(k::startsWith))
                    .toArray(String[]::new);
            if (ours.length > 0) {
                deleted[0] += redis.unlink(ours);
            }
        });
        return deleted[0];
    }

    /** How many sessions the projection holds: its {@code {p}s:*} keys. */
    long countSessions() {
        long[] sessions = {0};
        forEachKeyPage(page -> sessions[0] += page.stream().filter(k -> k.startsWith(prefix + "s:")).count());
        return sessions[0];
    }

    /** Hands every key under the prefix to {@code action}, a {@code SCAN ... COUNT 1000} page at a time. */
    private void forEachKeyPage(Consumer<List<String>> action) {
        ScanArgs args = ScanArgs.Builder.matches(glob(prefix) + "*").limit(1000);
        KeyScanCursor<String> page = redis.scan(ScanCursor.INITIAL, args);
        action.accept(page.getKeys());
        while (!page.isFinished()) {
            page = redis.scan(page, args);
            action.accept(page.getKeys());
        }
    }

    /** The prefix as a literal in a SCAN pattern. */
    private static String glob(String literal) {
        return literal.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    /** The fence arguments every fenced script starts with, then the script's own. */
    private static String[] fence(Position position, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = position.field();
        all[1] = String.valueOf(position.offset());
        all[2] = String.valueOf(position.previous());
        System.arraycopy(args, 0, all, 3, args.length);
        return all;
    }

    private static Outcome outcome(Object code) {
        return Outcome.values()[((Long) code).intValue()];
    }

    /**
     * Sends the script without waiting. After NOSCRIPT (Redis restarted or was flushed) the script is
     * loaded again for the next call; this call fails, and the batch is retried.
     */
    private CompletionStage<Object> run(Script script, ScriptOutputType type, String[] keys, String[] args) {
        RedisFuture<Object> sent = async.evalsha(script.sha(redis), type, keys, args);
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

        Script(String resource) {
            try (InputStream in = RedisProjection.class.getResourceAsStream("/lua/" + resource)) {
                this.source = new String(Objects.requireNonNull(in, resource).readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String sha(RedisCommands<String, String> redis) {
            String s = sha;
            return s != null ? s : reload(redis);
        }

        String reload(RedisCommands<String, String> redis) {
            sha = redis.scriptLoad(source);
            return sha;
        }

        void forget() {
            sha = null;
        }
    }
}
