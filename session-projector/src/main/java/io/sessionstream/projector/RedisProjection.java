package io.sessionstream.projector;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.sessionstream.events.LoggedIn;
import io.sessionstream.events.LoggedOut;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;

/**
 * Writes the session read model to Redis (ARCHITECTURE §5). Keys, with the configured
 * prefix (default {@code ss:}):
 *
 * <pre>
 * {p}s:{sid}       hash   uid, sh (base64url sha256 of the secret), cr (created), ea (absolute expiry),
 *                         ei (idle expiry), ls (last seen) — times in epoch ms — ip, ua.
 *                         TTL: PEXPIREAT min(ea, ei).
 * {p}u:{uid}       zset   the user's sids scored by min(ea, ei); members past their score are pruned on
 *                         every write; TTL: PEXPIREAT the highest score.
 * {p}x:{sid}       string "1": the session was revoked, so a replayed LoggedIn cannot resurrect it.
 *                         TTL: PEXPIREAT its absolute expiry (or now + revokedMarkerTtl if unknown).
 * {p}applied       hash   "{topic}:{partition}" → last applied offset.
 * </pre>
 *
 * <p>Each event is one Lua script that first compares the record's offset with
 * {@code {p}applied}: an already applied record changes nothing. Apply and offset move
 * together, so at-least-once delivery gives exactly-once effects.
 */
@Singleton
class RedisProjection {

    /** What a script did. */
    enum Outcome { APPLIED, ALREADY_APPLIED, SKIPPED_REVOKED, SKIPPED_EXPIRED }

    private final RedisCommands<String, String> redis;
    private final String prefix;
    private final long revokedMarkerTtlMs;
    private final Clock clock;
    private final Script loggedIn = new Script("logged-in.lua");
    private final Script loggedOut = new Script("logged-out.lua");

    RedisProjection(StatefulRedisConnection<String, String> connection, ProjectorConfiguration config, Clock clock) {
        this.redis = connection.sync();
        this.prefix = config.redisPrefix();
        this.revokedMarkerTtlMs = config.revokedMarkerTtl().toMillis();
        this.clock = clock;
    }

    Outcome apply(Position position, LoggedIn e) {
        String[] keys = {prefix + "applied", prefix + "s:" + e.sessionId(), prefix + "u:" + e.userId(),
                prefix + "x:" + e.sessionId()};
        return run(loggedIn, keys, position.field(), String.valueOf(position.offset()), now(),
                e.sessionId(), e.userId(), e.secretHash(), millis(e.createdAt()), millis(e.absoluteExpiry()),
                millis(e.idleExpiry()), Objects.toString(e.ip(), ""), Objects.toString(e.userAgent(), ""));
    }

    Outcome apply(Position position, LoggedOut e) {
        String[] keys = {prefix + "applied", prefix + "s:" + e.sessionId(), prefix + "u:" + e.userId(),
                prefix + "x:" + e.sessionId()};
        return run(loggedOut, keys, position.field(), String.valueOf(position.offset()), now(),
                e.sessionId(), String.valueOf(revokedMarkerTtlMs));
    }

    private Outcome run(Script script, String[] keys, String... args) {
        Long result;
        try {
            result = redis.evalsha(script.sha(redis), ScriptOutputType.INTEGER, keys, args);
        } catch (RedisNoScriptException e) {
            // Redis restarted or was flushed: load the script again.
            result = redis.evalsha(script.reload(redis), ScriptOutputType.INTEGER, keys, args);
        }
        return Outcome.values()[result.intValue()];
    }

    private String now() {
        return String.valueOf(clock.millis());
    }

    private static String millis(java.time.Instant instant) {
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
