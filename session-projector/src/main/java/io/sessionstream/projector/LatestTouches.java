package io.sessionstream.projector;

import io.sessionstream.events.EventCodec;
import io.sessionstream.events.LoggedIn;
import io.sessionstream.events.SessionEvent;
import io.sessionstream.events.SessionTouched;
import io.sessionstream.events.UndecodableRecordException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The latest touch of each session on {@code session.activity}, gathered by a rebuild before it
 * replays {@code session.events}, and the idle expiry they give a replayed login. Keyed by user and
 * session, as the touch script checks both: a touch naming another user's session id counts for
 * nothing.
 */
final class LatestTouches {

    private final EventCodec codec = new EventCodec();
    private final Map<String, SessionTouched> latest = new HashMap<>();

    /**
     * Keeps the record's touch if it is the latest of its session. Returns false, keeping nothing, for a
     * record that is not a touch of its key's user (the activity listener dead-letters those; a rebuild
     * does not do so a second time).
     */
    boolean add(ConsumerRecord<String, byte[]> record) {
        SessionEvent event;
        try {
            event = codec.decodeSessionEvent(record).payload();
        } catch (UndecodableRecordException e) {
            return false;
        }
        if (!(event instanceof SessionTouched touch) || !touch.userId().equals(record.key())) {
            return false;
        }
        add(touch);
        return true;
    }

    void add(SessionTouched touch) {
        latest.merge(key(touch.userId(), touch.sessionId()), touch,
                (kept, next) -> next.touchedAt().isAfter(kept.touchedAt()) ? next : kept);
    }

    /** The latest touch of every session touched. */
    Collection<SessionTouched> all() {
        return latest.values();
    }

    /**
     * The idle expiry to project for a login replayed now: its own, extended as its latest touch extended
     * it live — {@code min(absolute, max(idle, touchedAt + (idle - created)))}.
     */
    Instant idleExpiry(LoggedIn login) {
        SessionTouched touch = latest.get(key(login.userId(), login.sessionId()));
        if (touch == null) {
            return login.idleExpiry();
        }
        Instant extended = touch.touchedAt().plus(Duration.between(login.createdAt(), login.idleExpiry()));
        Instant idle = extended.isAfter(login.idleExpiry()) ? extended : login.idleExpiry();
        return idle.isBefore(login.absoluteExpiry()) ? idle : login.absoluteExpiry();
    }

    private static String key(String userId, String sessionId) {
        return userId + '\n' + sessionId;
    }
}
