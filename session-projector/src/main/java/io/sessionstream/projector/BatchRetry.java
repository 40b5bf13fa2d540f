package io.sessionstream.projector;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries the projection of one polled batch until it succeeds, inside the listener, because
 * micronaut-kafka's own batch retry (5.9, {@code ConsumerStateBatch.resolveWithErrorStrategy}) is not
 * safe here: it seeks back to positions read <em>before</em> the poll, and a batch from a partition
 * assigned during that poll (every first poll after a start) has none, so the seek throws, the batch's
 * positions stay past it, and the next successful commit skips it.
 *
 * <p>Between attempts the consumer pauses its partitions and polls for the back-off (100 ms doubling
 * to 5 s): it stays in its group however long Redis or Kafka is down (no {@code max.poll.interval.ms}
 * expiry), and a shutdown's {@link Consumer#wakeup()} ends the wait at once. Then the batch is given
 * up: every partition is put back to the batch's first offset, and the wake-up is raised again so the
 * listener container stops; it can only commit those first offsets, so the batch is redelivered to
 * whoever gets the partitions next. Records a partition newly assigned during a wait returned are put
 * back likewise, so nothing is ever passed over.
 */
final class BatchRetry {

    private static final Logger LOG = LoggerFactory.getLogger(BatchRetry.class);
    static final Duration FIRST_DELAY = Duration.ofMillis(100);
    static final Duration MAX_DELAY = Duration.ofSeconds(5);

    private BatchRetry() {
    }

    /**
     * Runs {@code attempt} until it returns normally; returns {@code true} then, or {@code false} if the
     * consumer was woken up for shutdown first (the batch is then not done and its offsets are rewound).
     */
    static boolean untilDone(ConsumerRecords<?, ?> batch, Consumer<?, ?> consumer, Runnable attempt) {
        Duration delay = FIRST_DELAY;
        for (int failures = 1; ; failures++) {
            try {
                attempt.run();
                if (failures > 1) {
                    LOG.info("Projected the batch of {} records after {} failed attempts", batch.count(), failures - 1);
                }
                return true;
            } catch (ForeignProjectionException e) {
                // ForeignProjection logs it once, when the refusal begins, not once per attempt.
                LOG.debug("Batch of {} records refused (attempt {}), retrying in {} ms: {}", batch.count(), failures,
                        delay.toMillis(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("Projecting a batch of {} records failed (attempt {}), retrying in {} ms: {}", batch.count(),
                        failures, delay.toMillis(), e.getMessage(), e);
            }
            if (!backOff(consumer, delay)) {
                rewind(consumer, firstOffsets(batch));
                LOG.warn("Stopping with a batch of {} records not projected; it will be delivered again", batch.count());
                consumer.wakeup();
                return false;
            }
            delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
        }
    }

    /** Waits while staying in the group; false if woken up. */
    private static boolean backOff(Consumer<?, ?> consumer, Duration delay) {
        Set<TopicPartition> paused = new HashSet<>(consumer.assignment());
        consumer.pause(paused);
        try {
            ConsumerRecords<?, ?> unexpected = consumer.poll(delay);
            rewind(consumer, firstOffsets(unexpected));
            return true;
        } catch (WakeupException e) {
            return false;
        } finally {
            paused.retainAll(consumer.assignment());
            consumer.resume(paused);
        }
    }

    private static Map<TopicPartition, Long> firstOffsets(ConsumerRecords<?, ?> records) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            first.put(tp, records.records(tp).get(0).offset());
        }
        return first;
    }

    private static void rewind(Consumer<?, ?> consumer, Map<TopicPartition, Long> offsets) {
        Set<TopicPartition> assigned = consumer.assignment();
        offsets.forEach((tp, offset) -> {
            if (assigned.contains(tp)) {
                consumer.seek(tp, offset);
            }
        });
    }
}
