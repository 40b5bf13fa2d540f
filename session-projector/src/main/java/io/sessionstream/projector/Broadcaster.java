package io.sessionstream.projector;

import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.Invalidation;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Publishes invalidations and dead letters without waiting; {@link #awaitAll} then waits for the
 * broker's acknowledgement of each ({@code acks=all}, see {@code kafka.producers.projector}),
 * because the caller commits the source offsets only after that returns. The idempotent producer
 * keeps the order of sends per partition.
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
    Future<RecordMetadata> invalidate(EventMetadata cause, Invalidation invalidation) {
        EventMetadata metadata = new EventMetadata(cause.eventId(), cause.occurredAt(), SOURCE, cause.traceId());
        return producer.send(codec.toRecord(config.invalidationsTopic(),
                codec.encodeInvalidation(new Envelope<>(metadata, invalidation))));
    }

    /** Sends a record that can never be applied to the dead-letter topic. */
    Future<RecordMetadata> deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("dlt.reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dlt.topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dlt.partition", String.valueOf(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dlt.offset", String.valueOf(record.offset()).getBytes(StandardCharsets.UTF_8));
        return producer.send(new ProducerRecord<>(config.deadLetterTopic(), null, record.key(), record.value(), headers));
    }

    /** Waits until the broker has acknowledged every send (at most 30 s in all); throws if one failed. */
    static void awaitAll(List<Future<RecordMetadata>> sends) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SEND_TIMEOUT_SECONDS);
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("publishing failed: " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("publishing not acknowledged within " + SEND_TIMEOUT_SECONDS + " s", e);
            }
        }
    }
}
