package io.sessionstream.auth.admin;

import io.sessionstream.client.Membership;
import io.sessionstream.store.TraceHash;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * {@code ./admin trace <session-id>}: the path of one revocation, from its commit to every instance that applied it.
 * <ul>
 *   <li>committed: the {@code sessions} row's {@code revoked_at} and reason;</li>
 *   <li>published: the first outbox row of the user committed at or after it that names the session (or revokes all
 *       of the user's sessions), and when the relay published it;</li>
 *   <li>broadcast: the invalidation record's time on {@code session.invalidations} (the projector sends it once Redis
 *       no longer holds the session);</li>
 *   <li>applied: when each instance applied it ({@link Membership}, kept an hour).</li>
 * </ul>
 */
@Singleton
class RevocationTrace {

    private static final String SESSION = "select user_id, created_at, revoked_at, revoked_reason from sessions where id = ?";
    private static final String EVENT = "select id, event_type, occurred_at, published_at from outbox"
            + " where kafka_key = ? and occurred_at >= ? - interval '1 second'"
            + " and (payload like ? or event_type like '%AllSessionsRevoked' or event_type like '%PasswordChanged')"
            + " order by id limit 1";

    private final DataSource dataSource;
    private final Membership membership;

    RevocationTrace(DataSource dataSource, Membership membership) {
        this.dataSource = dataSource;
        this.membership = membership;
    }

    boolean print(String sessionId, PrintStream out, PrintStream err) {
        try (Connection c = dataSource.getConnection()) {
            String user;
            Instant revokedAt;
            String reason;
            try (PreparedStatement ps = c.prepareStatement(SESSION)) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        err.println("no session " + sessionId);
                        return false;
                    }
                    user = rs.getString(1);
                    revokedAt = instant(rs.getTimestamp(3));
                    reason = rs.getString(4);
                }
            }
            out.println("session " + sessionId + " of user " + user);
            if (revokedAt == null) {
                out.println("  not revoked");
                return true;
            }
            out.println(line("committed", revokedAt, revokedAt) + "  reason " + reason);
            try (PreparedStatement ps = c.prepareStatement(EVENT)) {
                ps.setString(1, user);
                ps.setTimestamp(2, Timestamp.from(revokedAt));
                ps.setString(3, "%" + sessionId + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        Instant published = instant(rs.getTimestamp(4));
                        out.println(published == null ? "  published   not yet  " + type(rs.getString(2)) + ", outbox id "
                                + rs.getLong(1) : line("published", published, revokedAt) + "  " + type(rs.getString(2))
                                + ", outbox id " + rs.getLong(1));
                    }
                }
            }
            Map<String, Instant> applied = new TreeMap<>(membership.appliedAt(sessionId));
            Instant broadcast = applied.remove(TraceHash.BROADCAST);
            if (broadcast != null) {
                out.println(line("broadcast", broadcast, revokedAt) + "  on the invalidations topic");
            }
            if (applied.isEmpty()) {
                out.println("  applied     no instance's time is kept (older than an hour, or not applied yet)");
            }
            applied.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e ->
                    out.println(line("applied", e.getValue(), revokedAt) + "  " + e.getKey()));
            return true;
        } catch (SQLException e) {
            throw new AdminFailure("PostgreSQL not usable: " + e.getMessage(), e);
        }
    }

    private static String line(String what, Instant at, Instant committed) {
        return String.format("  %-10s  %s  (+%d ms)", what, at, Duration.between(committed, at).toMillis());
    }

    private static String type(String ceType) {
        return ceType.substring(ceType.lastIndexOf('.') + 1);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
