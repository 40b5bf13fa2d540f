package io.sessionstream.auth.admin;

import io.sessionstream.auth.sessions.ProjectedActivity;
import io.sessionstream.auth.sessions.SessionLookup;
import io.sessionstream.auth.sessions.SessionSummary;
import io.sessionstream.auth.users.User;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code sessions}: a user's live sessions from PostgreSQL (not revoked, before their absolute expiry), with
 * last seen and idle expiry from the Redis projection, where activity moves them. A session the projection does
 * not hold has ended by idle timeout (or is not projected yet); without Redis the idle expiry is the one set at
 * login. Never prints a token or a secret's hash.
 */
@Singleton
class SessionListing {

    private final UserResolver users;
    private final SessionLookup sessions;
    private final ProjectedActivity activity;

    SessionListing(UserResolver users, SessionLookup sessions, ProjectedActivity activity) {
        this.users = users;
        this.sessions = sessions;
        this.activity = activity;
    }

    void print(String emailOrUserId, PrintStream out, PrintStream err) {
        User user = users.resolve(emailOrUserId);
        List<SessionSummary> live = sessions.live(user.id());
        out.println("user " + user.id() + "  " + user.email() + "  " + live.size() + " live session"
                + (live.size() == 1 ? "" : "s"));
        if (live.isEmpty()) {
            return;
        }
        List<ProjectedActivity.Activity> projected = projected(live, err);
        TextTable table = new TextTable("SESSION", "CREATED", "LAST SEEN", "IDLE EXPIRY", "ABSOLUTE EXPIRY", "DEVICE", "IP");
        for (int i = 0; i < live.size(); i++) {
            SessionSummary s = live.get(i);
            ProjectedActivity.Activity a = projected == null ? null : projected.get(i);
            boolean inRedis = a != null && a.held();
            table.row(s.id(), time(s.createdAt()), inRedis ? time(a.lastSeen()) : projected == null ? "?" : "not in Redis",
                    time(inRedis ? a.idleExpiry() : s.idleExpiresAt()), time(s.absoluteExpiresAt()), s.device(), s.ip());
        }
        table.print(out, "");
        if (projected != null && projected.stream().anyMatch(a -> !a.held())) {
            out.println("not in Redis: ended by idle timeout, or not projected yet (idle expiry as of login)");
        }
    }

    /** Last seen and idle expiry of each session from Redis; null without Redis. */
    private List<ProjectedActivity.Activity> projected(List<SessionSummary> live, PrintStream err) {
        try {
            return activity.of(live.stream().map(SessionSummary::id).toList());
        } catch (RuntimeException e) {
            err.println("Redis not reachable (" + AdminCommand.causes(e) + "): last seen unknown, idle expiry as of login");
            return null;
        }
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
