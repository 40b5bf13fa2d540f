package io.sessionstream.projector;

import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventType;
import io.sessionstream.events.Invalidation;
import io.sessionstream.events.LoggedIn;
import io.sessionstream.events.LoggedOut;
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
        long applied;
        // Release 17: no pattern switch; the sealed hierarchy keeps this list complete.
        if (event instanceof LoggedIn loggedIn) {
            projection.apply(position, loggedIn);
            applied = System.nanoTime();
        } else if (event instanceof LoggedOut loggedOut) {
            projection.apply(position, loggedOut);
            applied = System.nanoTime();
            broadcaster.invalidate(envelope.metadata(),
                    Invalidation.ofSessions(loggedOut.userId(), List.of(loggedOut.sessionId()), "logout"));
        } else {
            throw new IllegalStateException("unhandled event " + event.getClass());
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("Projected {} {} from {}: {} ms in Kafka, applied in {} µs, broadcast in {} µs",
                    EventType.of(event), envelope.metadata().eventId(), position.field() + "@" + position.offset(),
                    received - record.timestamp(), (applied - start) / 1000, (System.nanoTime() - applied) / 1000);
        }
    }

    private static void requireKeyIsUser(ConsumerRecord<String, byte[]> record, SessionEvent event) {
        if (!event.userId().equals(record.key())) {
            throw new UndecodableRecordException("record key " + record.key() + " is not the event's user id", null);
        }
    }
}
