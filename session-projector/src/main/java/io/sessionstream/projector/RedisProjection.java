package io.sessionstream.projector;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
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
 */
@Singleton
class RedisProjection {

    /** What a script did. */
    enum Outcome { APPLIED, ALREADY_APPLIED, SKIPPED_REVOKED, SKIPPED_EXPIRED, SKIPPED_UNKNOWN }

    /** What a user-wide revocation did: its outcome and the sids it deleted. */
    record UserWide(Outcome outcome, List<String> revoked) {
    }

    private final RedisCommands<String, String> redis;
    private final String prefix;
    private final long revokedMarkerTtlMs;
    private final Clock clock;
    private final Script loggedIn = new Script("logged-in.lua");
    private final Script revokeSessions = new Script("revoke-sessions.lua");
    private final Script revokeAll = new Script("revoke-all.lua");
    private final Script touched = new Script("touched.lua");

    RedisProjection(StatefulRedisConnection<String, String> connection, ProjectorConfiguration config, Clock clock) {
        this.redis = connection.sync();
        this.prefix = config.redisPrefix();
        this.revokedMarkerTtlMs = config.revokedMarkerTtl().toMillis();
        this.clock = clock;
    }

    Outcome apply(Position position, LoggedIn e) {
        String[] keys = {prefix + "applied", prefix + "s:" + e.sessionId(), prefix + "u:" + e.userId(),
                prefix + "x:" + e.sessionId(), prefix + "n:" + e.userId()};
        return outcome(run(loggedIn, ScriptOutputType.INTEGER, keys, position.field(), String.valueOf(position.offset()),
                now(), e.sessionId(), e.userId(), e.secretHash(), millis(e.createdAt()), millis(e.absoluteExpiry()),
                millis(e.idleExpiry()), Objects.toString(e.ip(), ""), Objects.toString(e.userAgent(), ""),
                String.join(",", e.roles())));
    }

    Outcome apply(Position position, LoggedOut e) {
        return revokeSessions(position, e.userId(), List.of(e.sessionId()));
    }

    Outcome apply(Position position, SessionRevoked e) {
        return revokeSessions(position, e.userId(), e.sessionIds());
    }

    UserWide apply(Position position, AllSessionsRevoked e) {
        return revokeAll(position, e.userId(), e.notBefore(), e.keepSessionId());
    }

    UserWide apply(Position position, PasswordChanged e) {
        return revokeAll(position, e.userId(), e.notBefore(), e.keepSessionId());
    }

    Outcome apply(SessionTouched e) {
        String[] keys = {prefix + "s:" + e.sessionId(), prefix + "u:" + e.userId()};
        return outcome(run(touched, ScriptOutputType.INTEGER, keys, millis(e.touchedAt()), e.sessionId(), e.userId(),
                now()));
    }

    private Outcome revokeSessions(Position position, String userId, List<String> sessionIds) {
        List<String> keys = new ArrayList<>(List.of(prefix + "applied", prefix + "u:" + userId));
        List<String> args = new ArrayList<>(List.of(position.field(), String.valueOf(position.offset()), now(),
                String.valueOf(revokedMarkerTtlMs), userId));
        for (String sid : sessionIds) {
            keys.add(prefix + "s:" + sid);
            keys.add(prefix + "x:" + sid);
            args.add(sid);
        }
        return outcome(run(revokeSessions, ScriptOutputType.INTEGER, keys.toArray(String[]::new),
                args.toArray(String[]::new)));
    }

    private UserWide revokeAll(Position position, String userId, Instant notBefore, String keepSessionId) {
        String[] keys = {prefix + "applied", prefix + "u:" + userId, prefix + "n:" + userId};
        List<Object> result = run(revokeAll, ScriptOutputType.MULTI, keys, position.field(),
                String.valueOf(position.offset()), now(), String.valueOf(revokedMarkerTtlMs), prefix,
                millis(notBefore), Objects.toString(keepSessionId, ""));
        List<String> revoked = new ArrayList<>();
        for (Object sid : result.subList(1, result.size())) {
            revoked.add(sid.toString());
        }
        return new UserWide(outcome(result.get(0)), revoked);
    }

    private static Outcome outcome(Object code) {
        return Outcome.values()[((Long) code).intValue()];
    }

    private <T> T run(Script script, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.evalsha(script.sha(redis), type, keys, args);
        } catch (RedisNoScriptException e) {
            // Redis restarted or was flushed: load the script again.
            return redis.evalsha(script.reload(redis), type, keys, args);
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
    }
}
