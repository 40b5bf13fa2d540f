package io.sessionstream.projector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
 *   <li>{@code sessionstream.projector.events} (counter): records of a committed batch that passed the fence —
 *       applied to Redis, or found to change nothing there (a login of a revoked or expired session) and
 *       recorded as applied;</li>
 *   <li>{@code sessionstream.projector.fenced} (counter): records of a committed batch fenced as already applied
 *       (a redelivery, a retried batch, a replayed topic): nothing done;</li>
 *   <li>{@code sessionstream.projector.dead.letters} (counter): records sent to the dead-letter topic;</li>
 *   <li>{@code sessionstream.projector.foreign} (gauge): 1 while Redis holds a projection of another incarnation
 *       of the topic and the projector refuses it ({@link ForeignProjection}), else 0.</li>
 * </ul>
 * Every record of a committed batch is counted once, by one of the three counters; a refused or failed
 * attempt counts nothing. Kafka's own consumer meters ({@code kafka.consumer.*}, records lag per partition
 * among them) come from micronaut-kafka.
 */
@Singleton
class ProjectorMeters {

    private final Timer apply;
    private final Timer lag;
    private final Counter events;
    private final Counter fenced;
    private final Counter deadLetters;

    ProjectorMeters(MeterRegistry registry, ForeignProjection foreign) {
        this.apply = Timer.builder("sessionstream.projector.apply")
                .description("A batch of session events applied to Redis and broadcast").register(registry);
        this.lag = Timer.builder("sessionstream.projector.lag")
                .description("From an event's publication on the events topic to its projection").register(registry);
        this.events = Counter.builder("sessionstream.projector.events")
                .description("Session events that passed the fence and were projected").register(registry);
        this.fenced = Counter.builder("sessionstream.projector.fenced")
                .description("Records fenced as already applied: nothing done").register(registry);
        this.deadLetters = Counter.builder("sessionstream.projector.dead.letters")
                .description("Records sent to the dead-letter topic").register(registry);
        Gauge.builder("sessionstream.projector.foreign", foreign, f -> f.isRefusing() ? 1 : 0)
                .description("1 while Redis holds a projection of another incarnation of the topic, refused")
                .register(registry);
    }

    void projected(ConsumerRecords<String, byte[]> records, EventProjector.Projected done, long startNanos) {
        long now = System.currentTimeMillis();
        apply.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.timestamp() > 0) {
                lag.record(Math.max(0, now - record.timestamp()), TimeUnit.MILLISECONDS);
            }
        }
        events.increment(done.records() - done.deadLettered() - done.fenced());
        fenced.increment(done.fenced());
        deadLetters.increment(done.deadLettered());
    }
}
