package io.sessionstream.auth.outbox;

import io.micronaut.transaction.annotation.Transactional;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.SessionEvent;
import io.sessionstream.events.WireEvent;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;

/**
 * Appends an event to the outbox in the caller's transaction, so the event commits if and
 * only if the change it describes does. Columns of {@code outbox}:
 *
 * <pre>
 * id           bigserial    relay order
 * event_id     uuid         CloudEvent id
 * event_type   text         CloudEvent type
 * kafka_key    text         the user id
 * payload      text         the JSON data, exactly as it will be published
 * occurred_at  timestamptz  CloudEvent time
 * source       text         emitting service
 * trace_id     text         trace id extension, nullable
 * published_at timestamptz  set by the relay once Kafka acknowledged the record
 * </pre>
 *
 * An insert fires {@code NOTIFY outbox} at commit, which wakes the relay.
 */
@Singleton
public class OutboxWriter {

    private final OutboxRepository repository;
    private final EventCodec codec = new EventCodec();

    OutboxWriter(OutboxRepository repository) {
        this.repository = repository;
    }

    /** Appends the event; must run inside a transaction. */
    @Transactional(propagation = io.micronaut.transaction.TransactionDefinition.Propagation.MANDATORY)
    public void append(Envelope<? extends SessionEvent> envelope) {
        WireEvent wire = codec.encode(envelope);
        repository.save(new OutboxRow(null, wire.metadata().eventId(), wire.type().ceType(), wire.key(),
                new String(wire.data(), StandardCharsets.UTF_8), wire.metadata().occurredAt(),
                wire.metadata().source(), wire.metadata().traceId(), null));
    }
}
