package io.sessionstream.projector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * The projector's meters:
 * <ul>
 *   <li>{@code sessionstream.projector.apply} (timer): one batch, from the poll to every record applied and
 *       broadcast, retries included;</li>
 *   <li>{@code sessionstream.projector.lag} (timer): per record, from its timestamp on {@code session.events}
 *       (when the outbox relay published it) to its batch being applied;</li>
 *   <li>{@code sessionstream.projector.events} and {@code sessionstream.projector.dead.letters} (counters).</li>
 * </ul>
 * Kafka's own consumer meters ({@code kafka.consumer.*}, records lag per partition among them) come from
 * micronaut-kafka.
 */
@Singleton
class ProjectorMeters {

    private final Timer apply;
    private final Timer lag;
    private final Counter events;
    private final Counter deadLetters;

    ProjectorMeters(MeterRegistry registry) {
        this.apply = Timer.builder("sessionstream.projector.apply")
                .description("A batch of session events applied to Redis and broadcast").register(registry);
        this.lag = Timer.builder("sessionstream.projector.lag")
                .description("From an event's publication on the events topic to its projection").register(registry);
        this.events = Counter.builder("sessionstream.projector.events")
                .description("Session events projected").register(registry);
        this.deadLetters = Counter.builder("sessionstream.projector.dead.letters")
                .description("Records sent to the dead-letter topic").register(registry);
    }

    void projected(ConsumerRecords<String, byte[]> records, EventProjector.Projected done, long startNanos) {
        long now = System.currentTimeMillis();
        apply.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.timestamp() > 0) {
                lag.record(Math.max(0, now - record.timestamp()), TimeUnit.MILLISECONDS);
            }
        }
        events.increment(done.records() - done.deadLettered());
        deadLetters.increment(done.deadLettered());
    }
}
