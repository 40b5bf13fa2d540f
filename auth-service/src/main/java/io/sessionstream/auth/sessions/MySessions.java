package io.sessionstream.auth.sessions;

import io.lettuce.core.RedisException;
import io.sessionstream.auth.Refusal;
import io.sessionstream.client.SessionPrincipal;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The session list use case: the caller's live sessions from the {@code sessions} table, newest first, with
 * last-seen and idle expiry from the Redis projection (where activity moves them). A session Redis no longer holds
 * has ended (idle) and is not listed. Redis not answering is a {@code store_unavailable} refusal.
 */
@Singleton
class MySessions {

    private final SessionRepository sessions;
    private final ProjectedActivity activity;
    private final Clock clock;

    MySessions(SessionRepository sessions, ProjectedActivity activity, Clock clock) {
        this.sessions = sessions;
        this.activity = activity;
        this.clock = clock;
    }

    List<SessionView> of(SessionPrincipal me) {
        List<SessionRecord> live = sessions.findLive(UUID.fromString(me.userId()), clock.instant());
        List<ProjectedActivity.Activity> projected;
        try {
            projected = activity.of(live.stream().map(SessionRecord::id).toList());
        } catch (RedisException e) {
            throw Refusal.storeUnavailable("The session store is unreachable; retry shortly");
        }
        List<SessionView> views = new ArrayList<>();
        for (int i = 0; i < live.size(); i++) {
            SessionRecord r = live.get(i);
            ProjectedActivity.Activity a = projected.get(i);
            if (a.held()) {
                views.add(new SessionView(r.id(), r.id().equals(me.sessionId()), r.createdAt(), a.lastSeen(),
                        r.absoluteExpiresAt(), a.idleExpiry(), r.ip(), r.userAgent(),
                        r.device() == null ? DeviceLabels.UNKNOWN : r.device()));
            }
        }
        return views;
    }
}
