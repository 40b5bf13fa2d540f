package io.sessionstream.projector;

import io.sessionstream.events.AllSessionsRevoked;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventType;
import io.sessionstream.events.Invalidation;
import io.sessionstream.events.LoggedIn;
import io.sessionstream.events.LoggedOut;
import io.sessionstream.events.PasswordChanged;
import io.sessionstream.events.SessionRevoked;
import io.sessionstream.events.SessionTouched;
import io.sessionstream.events.SessionEvent;
import io.sessionstream.events.UndecodableRecordException;
import jakarta.inject.Singleton;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects one {@code session.events} record: decode, apply to Redis (fenced by offset),
 * then broadcast the invalidation if it revokes anything. The caller commits the offset
 * only after this returns, so a crash in between replays the record: the Redis apply is
 * then skipped by the fence and the invalidation is published again (eviction is idempotent).
 *
 * <p>A record that can never be applied (not a CloudEvent, unknown type, invalid data, key
 * not the user id) goes to the dead-letter topic with the reason, and projection moves on.
 * Any other failure (Redis or Kafka down) is thrown, so the record is retried, never skipped.
 */
@Singleton
class EventProjector {

    private static final Logger LOG = LoggerFactory.getLogger(EventProjector.class);

    private final EventCodec codec = new EventCodec();
    private final RedisProjection projection;
    private final Broadcaster broadcaster;

    EventProjector(RedisProjection projection, Broadcaster broadcaster) {
        this.projection = projection;
        this.broadcaster = broadcaster;
    }

    void project(ConsumerRecord<String, byte[]> record) {
        Envelope<SessionEvent> envelope;
        try {
            envelope = codec.decodeSessionEvent(record);
            requireKeyIsUser(record, envelope.payload());
        } catch (UndecodableRecordException e) {
            LOG.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            broadcaster.deadLetter(record, e.getMessage());
            return;
        }
        Position position = new Position(record.topic(), record.partition(), record.offset());
        long received = System.currentTimeMillis();
        long start = System.nanoTime();
        SessionEvent event = envelope.payload();
        Invalidation invalidation = applyToRedis(position, event);
        long applied = System.nanoTime();
        if (invalidation != null) {
            broadcaster.invalidate(envelope.metadata(), invalidation);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("Projected {} {} from {}: {} ms in Kafka, applied in {} µs, broadcast in {} µs",
                    EventType.of(event), envelope.metadata().eventId(), position.field() + "@" + position.offset(),
                    received - record.timestamp(), (applied - start) / 1000, (System.nanoTime() - applied) / 1000);
        }
    }

    /**
     * Projects one {@code session.activity} record: a touch extends the session's idle expiry.
     * Anything else on that topic is dead-lettered.
     */
    void projectActivity(ConsumerRecord<String, byte[]> record) {
        SessionTouched touch;
        try {
            SessionEvent event = codec.decodeSessionEvent(record).payload();
            requireKeyIsUser(record, event);
            if (!(event instanceof SessionTouched)) {
                throw new UndecodableRecordException(EventType.of(event) + " does not belong on the activity topic", null);
            }
            touch = (SessionTouched) event;
        } catch (UndecodableRecordException e) {
            LOG.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            broadcaster.deadLetter(record, e.getMessage());
            return;
        }
        projection.apply(touch);
    }

    /** Applies the event; returns the invalidation to broadcast, or {@code null} if it revokes nothing. */
    private Invalidation applyToRedis(Position position, SessionEvent event) {
        // Release 17: no pattern switch; the sealed hierarchy keeps this list complete.
        if (event instanceof LoggedIn e) {
            projection.apply(position, e);
            return null;
        }
        if (event instanceof LoggedOut e) {
            projection.apply(position, e);
            return Invalidation.ofSessions(e.userId(), List.of(e.sessionId()), "logout");
        }
        if (event instanceof SessionRevoked e) {
            projection.apply(position, e);
            return Invalidation.ofSessions(e.userId(), e.sessionIds(), e.reason());
        }
        if (event instanceof AllSessionsRevoked e) {
            RedisProjection.UserWide done = projection.apply(position, e);
            return new Invalidation(e.userId(), done.revoked(), true, e.keepSessionId(), e.notBefore(), e.reason());
        }
        if (event instanceof PasswordChanged e) {
            RedisProjection.UserWide done = projection.apply(position, e);
            return new Invalidation(e.userId(), done.revoked(), true, e.keepSessionId(), e.notBefore(),
                    "password_changed");
        }
        if (event instanceof SessionTouched e) {
            // Activity has its own topic, but a touch found here is still harmless to apply.
            projection.apply(e);
            return null;
        }
        throw new IllegalStateException("unhandled event " + event.getClass());
    }

    private static void requireKeyIsUser(ConsumerRecord<String, byte[]> record, SessionEvent event) {
        if (!event.userId().equals(record.key())) {
            throw new UndecodableRecordException("record key " + record.key() + " is not the event's user id", null);
        }
    }
}
