package io.sessionstream.auth.sessions;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.sessionstream.auth.Environments;
import io.sessionstream.auth.outbox.RelayLeadership;
import io.sessionstream.events.SessionExpired;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the sessions whose expiry has passed, each with its {@code SessionExpired} (issue 18): a session that expires
 * is gone from Redis by its TTL, but no consumer of {@code session.events} would learn it ended.
 *
 * <p>Every {@code expiry-sweep-interval} on the relay leader ({@link RelayLeadership}: one sweeper per deployment).
 * That is for economy only: each session is ended by {@link SessionCommands#expire}, one transaction under the user's
 * lock whose row update ({@code where revoked_at is null}) succeeds once, so sweeps that overlap (a leader handover,
 * a test) still end each session once, and never one a revocation ended first.
 * <ol>
 *   <li><b>Absolute expiry</b> needs nothing but the row: every session not ended whose absolute expiry has passed
 *       ends as {@code absolute_expired} at that expiry. A session whose idle and absolute expiries both passed before
 *       a sweep noticed is reported as absolute: the only one stated without the projection.</li>
 *   <li><b>Idle expiry</b> moves with activity, which only the projector applies (to Redis). For each session whose
 *       idle expiry as the row knows it has passed, the projection's is read ({@link ProjectedActivity}): still in
 *       the future, activity extended it, and the row's is moved forward to it; passed, or the session no longer
 *       held (its TTL ended it), it ends as {@code idle_expired}, at the later of the two. If the projection does not
 *       exist at all (Redis flushed), "not held" proves nothing: the idle sweep is skipped, with one WARN until
 *       the projection is back.</li>
 * </ol>
 */
@Context
@Requires(notEnv = Environments.ADMIN)
class ExpirySweeper {

    private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);
    private static final int BATCH = 500;

    /**
     * What one sweep did.
     *
     * @param absolute       sessions it ended as {@code absolute_expired}
     * @param idle           sessions it ended as {@code idle_expired}
     * @param extended       sessions whose idle expiry it moved forward, as activity had
     * @param idleSwept      false if it skipped the idle expiries (no projection to read them from)
     */
    record Sweep(int absolute, int idle, int extended, boolean idleSwept) {
    }

    private final SessionRepository sessions;
    private final SessionCommands commands;
    private final ProjectedActivity projection;
    private final RelayLeadership leadership;
    private final AuthMeters meters;
    private final Clock clock;
    private final AtomicBoolean projectionMissing = new AtomicBoolean();

    /** Created at startup ({@code @Context}), so that a wrong {@code expiry-sweep-interval} stops it there. */
    ExpirySweeper(SessionRepository sessions, SessionCommands commands, ProjectedActivity projection,
                  RelayLeadership leadership, AuthMeters meters, Clock clock, SessionConfiguration config) {
        this.sessions = sessions;
        this.commands = commands;
        this.projection = projection;
        this.leadership = leadership;
        this.meters = meters;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = SessionConfiguration.EXPIRY_SWEEP_INTERVAL,
            initialDelay = SessionConfiguration.EXPIRY_SWEEP_INTERVAL)
    void onSchedule() {
        if (!leadership.isLeader()) {
            return;
        }
        try {
            Sweep done = sweep();
            if (done.absolute() + done.idle() > 0) {
                LOG.info("Expiry sweep ended {} sessions ({} idle, {} absolute)", done.absolute() + done.idle(),
                        done.idle(), done.absolute());
            }
        } catch (RuntimeException e) {
            LOG.warn("Expiry sweep failed; the next one retries what it did not end", e);
        }
    }

    /** One sweep, up to now. Safe beside any other sweep, here or on another instance. */
    Sweep sweep() {
        Instant now = clock.instant();
        int absolute = sweepAbsolute(now);
        if (!projectionExists()) {
            return new Sweep(absolute, 0, 0, false);
        }
        int[] idle = sweepIdle(now);
        return new Sweep(absolute, idle[0], idle[1], true);
    }

    private int sweepAbsolute(Instant now) {
        int ended = 0;
        List<SessionRecord> page;
        int endedInPage;
        do {
            page = sessions.findPastAbsoluteExpiry(now, BATCH);
            endedInPage = 0;
            for (SessionRecord s : page) {
                if (expire(s, SessionExpired.ABSOLUTE_EXPIRED, s.absoluteExpiresAt())) {
                    endedInPage++;
                }
            }
            ended += endedInPage;
            // A full page whose sessions all ended elsewhere meanwhile is read again; one that changed nothing is not.
        } while (page.size() == BATCH && endedInPage > 0);
        return ended;
    }

    /** Sessions ended, and sessions whose idle expiry moved forward. */
    private int[] sweepIdle(Instant now) {
        int ended = 0;
        int extended = 0;
        List<SessionRecord> page;
        int changed;
        do {
            page = sessions.findPastIdleExpiry(now, BATCH);
            List<ProjectedActivity.Activity> activity = projection.of(page.stream().map(SessionRecord::id).toList());
            changed = 0;
            for (int i = 0; i < page.size(); i++) {
                SessionRecord s = page.get(i);
                Instant projected = activity.get(i).idleExpiry();
                if (projected != null && projected.isAfter(now)) {
                    if (sessions.extendIdleExpiry(s.id(), projected) == 1) {
                        extended++;
                        changed++;
                    }
                } else if (expire(s, SessionExpired.IDLE_EXPIRED, latest(s.idleExpiresAt(), projected))) {
                    ended++;
                    changed++;
                }
            }
        } while (page.size() == BATCH && changed > 0);
        return new int[] {ended, extended};
    }

    private boolean expire(SessionRecord s, String reason, Instant expiredAt) {
        if (!commands.expire(s.userId(), s.id(), reason, expiredAt)) {
            return false;
        }
        meters.expired(reason);
        LOG.debug("Session {} of user {} ended: {} at {}", s.id(), s.userId(), reason, expiredAt);
        return true;
    }

    /** Whether the projection exists; says once (WARN) when it stops, and once (INFO) when it is back. */
    private boolean projectionExists() {
        boolean exists = projection.projectionExists();
        if (!exists && projectionMissing.compareAndSet(false, true)) {
            LOG.warn("The session projection is absent from Redis (no applied offsets: flushed, or not built yet): "
                    + "sessions are not ended by idle expiry until it is rebuilt; absolute expiry still is");
        } else if (exists && projectionMissing.compareAndSet(true, false)) {
            LOG.info("The session projection is back in Redis: sessions are ended by idle expiry again");
        }
        return exists;
    }

    private static Instant latest(Instant a, Instant b) {
        return b == null || a.isAfter(b) ? a : b;
    }
}
