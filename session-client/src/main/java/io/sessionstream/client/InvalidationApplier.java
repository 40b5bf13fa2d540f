package io.sessionstream.client;

import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.Invalidation;
import io.sessionstream.events.UndecodableRecordException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one record of the invalidation broadcast and applies it to this instance's memory
 * ({@link InvalidationHandler}), recording its lag from the event time ({@link ClientMeters}). A record that is
 * no invalidation is logged and skipped: an invalidation can only ever evict, so skipping one costs nothing a
 * later Redis read does not catch. Knows nothing of the consumer that delivers the records.
 */
@Singleton
class InvalidationApplier {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidationApplier.class);

    private final InvalidationHandler handler;
    private final ClientMeters meters;
    private final Clock clock;
    private final EventCodec codec = new EventCodec();

    InvalidationApplier(InvalidationHandler handler, ClientMeters meters, Clock clock) {
        this.handler = handler;
        this.meters = meters;
        this.clock = clock;
    }

    /** Applies the record's invalidation; returns false (after a WARN) if the record is not one. */
    boolean apply(ConsumerRecord<String, byte[]> record) {
        Envelope<Invalidation> envelope;
        try {
            envelope = codec.decodeInvalidation(record);
        } catch (UndecodableRecordException e) {
            LOG.warn("Skipping undecodable invalidation at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return false;
        }
        handler.onInvalidation(envelope.payload());
        meters.invalidationApplied(Duration.between(envelope.metadata().occurredAt(), clock.instant()));
        if (LOG.isDebugEnabled()) {
            LOG.debug("Invalidation {} applied: user {} sessions {}", envelope.metadata().eventId(),
                    envelope.payload().userId(), envelope.payload().sessionIds());
        }
        return true;
    }

    /**
     * Decodes one made-up invalidation before taking traffic: the first decode loads the CloudEvents and Jackson
     * classes, which otherwise adds ~200 ms to the first revocation. Applies nothing.
     */
    void warmUp(String topic) {
        Invalidation sample = Invalidation.ofSessions("warm-up", List.of("warm-up"), "warm-up");
        ProducerRecord<String, byte[]> record = codec.toRecord(topic, codec.encodeInvalidation(new Envelope<>(
                EventMetadata.now("warm-up", null, clock), sample)));
        codec.decodeInvalidation(new ConsumerRecord<>(topic, 0, 0L, ConsumerRecord.NO_TIMESTAMP,
                TimestampType.NO_TIMESTAMP_TYPE, ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE,
                record.key(), record.value(), record.headers(), Optional.empty()));
    }
}
