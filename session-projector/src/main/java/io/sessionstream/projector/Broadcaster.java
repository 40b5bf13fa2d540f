package io.sessionstream.projector;

import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.Invalidation;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Publishes invalidations and dead letters, and waits for the broker's acknowledgement
 * ({@code acks=all}, see {@code kafka.producers.projector}), because the caller commits the
 * source offset only after this returns.
 *
 * <p>Dead letters keep the original key, value and headers, and add {@code dlt.reason},
 * {@code dlt.topic}, {@code dlt.partition} and {@code dlt.offset}.
 */
@Singleton
class Broadcaster {

    private static final String SOURCE = "session-projector";
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final Producer<String, byte[]> producer;
    private final EventCodec codec = new EventCodec();
    private final ProjectorConfiguration config;

    Broadcaster(@KafkaClient("projector") Producer<String, byte[]> producer, ProjectorConfiguration config) {
        this.producer = producer;
        this.config = config;
    }

    /** Broadcasts an invalidation caused by the event with the given metadata (same event id). */
    void invalidate(EventMetadata cause, Invalidation invalidation) {
        EventMetadata metadata = new EventMetadata(cause.eventId(), cause.occurredAt(), SOURCE, cause.traceId());
        send(codec.toRecord(config.invalidationsTopic(), codec.encodeInvalidation(new Envelope<>(metadata, invalidation))));
    }

    /** Sends a record that can never be applied to the dead-letter topic. */
    void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("dlt.reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dlt.topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dlt.partition", String.valueOf(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dlt.offset", String.valueOf(record.offset()).getBytes(StandardCharsets.UTF_8));
        send(new ProducerRecord<>(config.deadLetterTopic(), null, record.key(), record.value(), headers));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + record.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing to " + record.topic() + " failed", e);
        }
    }
}
