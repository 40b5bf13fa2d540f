package io.sessionstream.auth.admin;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.BeanProvider;
import io.sessionstream.auth.AuthConfiguration;
import io.sessionstream.auth.sessions.SessionLookup;
import io.sessionstream.auth.sessions.SessionSummary;
import io.sessionstream.auth.users.User;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code sessions}: a user's live sessions from PostgreSQL (not revoked, before their absolute expiry), with
 * last seen and idle expiry from the Redis projection, where activity moves them. A session the projection does
 * not hold has ended by idle timeout (or is not projected yet); without Redis the idle expiry is the one set at
 * login. Never prints a token or a secret's hash.
 */
@Singleton
class SessionListing {

    /** The projection's session hash ({@code <prefix>s:<sid>}) fields: last seen, idle expiry (epoch millis). */
    private static final String[] FIELDS = {"ls", "ei"};

    private final UserResolver users;
    private final SessionLookup sessions;
    private final BeanProvider<StatefulRedisConnection<String, String>> redis;
    private final String prefix;

    SessionListing(UserResolver users, SessionLookup sessions, BeanProvider<StatefulRedisConnection<String, String>> redis,
                   AuthConfiguration config) {
        this.users = users;
        this.sessions = sessions;
        this.redis = redis;
        this.prefix = config.redisPrefix();
    }

    void print(String emailOrUserId, PrintStream out, PrintStream err) {
        User user = users.resolve(emailOrUserId);
        List<SessionSummary> live = sessions.live(user.id());
        out.println("user " + user.id() + "  " + user.email() + "  " + live.size() + " live session"
                + (live.size() == 1 ? "" : "s"));
        if (live.isEmpty()) {
            return;
        }
        List<Instant[]> projected = projected(live, err);
        TextTable table = new TextTable("SESSION", "CREATED", "LAST SEEN", "IDLE EXPIRY", "ABSOLUTE EXPIRY", "DEVICE", "IP");
        for (int i = 0; i < live.size(); i++) {
            SessionSummary s = live.get(i);
            Instant[] p = projected == null ? null : projected.get(i);
            boolean inRedis = p != null && p[1] != null;
            table.row(s.id(), time(s.createdAt()), inRedis ? time(p[0]) : projected == null ? "?" : "not in Redis",
                    time(inRedis ? p[1] : s.idleExpiresAt()), time(s.absoluteExpiresAt()), s.device(), s.ip());
        }
        table.print(out, "");
        if (projected != null && projected.stream().anyMatch(p -> p[1] == null)) {
            out.println("not in Redis: ended by idle timeout, or not projected yet (idle expiry as of login)");
        }
    }

    /** Last seen and idle expiry of each session from Redis (nulls for one it does not hold); null without Redis. */
    private List<Instant[]> projected(List<SessionSummary> live, PrintStream err) {
        try {
            StatefulRedisConnection<String, String> connection = redis.get();
            List<RedisFuture<List<KeyValue<String, String>>>> futures = new ArrayList<>();
            for (SessionSummary s : live) {
                futures.add(connection.async().hmget(prefix + "s:" + s.id(), FIELDS));
            }
            List<Instant[]> result = new ArrayList<>();
            for (RedisFuture<List<KeyValue<String, String>>> f : futures) {
                List<KeyValue<String, String>> fields = f.get(5, TimeUnit.SECONDS);
                result.add(new Instant[] {millis(fields.get(0)), millis(fields.get(1))});
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminFailure("interrupted");
        } catch (Exception e) {
            err.println("Redis not reachable (" + AdminCommand.causes(e) + "): last seen unknown, idle expiry as of login");
            return null;
        }
    }

    private static Instant millis(KeyValue<String, String> field) {
        return field.hasValue() ? Instant.ofEpochMilli(Long.parseLong(field.getValue())) : null;
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
