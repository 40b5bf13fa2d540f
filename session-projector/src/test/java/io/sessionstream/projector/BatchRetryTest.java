package io.sessionstream.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The in-listener retry against Kafka's {@link MockConsumer}: its back-off polls return at once, no sleeping. */
class BatchRetryTest {

    private final TopicPartition p0 = new TopicPartition("events", 0);
    private final TopicPartition p1 = new TopicPartition("events", 1);
    private final MockConsumer<String, String> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
    private ConsumerRecords<String, String> batch;

    @BeforeEach
    void pollABatch() {
        consumer.subscribe(List.of("events"));
        consumer.rebalance(List.of(p0));
        consumer.updateBeginningOffsets(Map.of(p0, 0L, p1, 0L));
        consumer.addRecord(new ConsumerRecord<>("events", 0, 0, "u", "a"));
        consumer.addRecord(new ConsumerRecord<>("events", 0, 1, "u", "b"));
        batch = consumer.poll(Duration.ZERO);
    }

    @Test
    void failingAttempts_areRetriedUntilOneSucceeds_andThePartitionsAreResumed() {
        AtomicInteger attempts = new AtomicInteger();

        boolean done = BatchRetry.untilDone(batch, consumer, () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("Redis down");
            }
        });

        assertThat(done).isTrue();
        assertThat(attempts).hasValue(3);
        assertThat(consumer.paused()).isEmpty();
        assertThat(consumer.position(p0)).as("the batch is done: the container may commit past it").isEqualTo(2);
    }

    @Test
    void shutdownDuringTheBackOff_rewindsToTheBatchStart_andKeepsTheConsumerWokenUp() {
        consumer.wakeup();

        boolean done = BatchRetry.untilDone(batch, consumer, () -> {
            throw new IllegalStateException("Redis down");
        });

        assertThat(done).isFalse();
        assertThat(consumer.position(p0)).as("whatever is committed now redelivers the batch").isZero();
        assertThat(consumer.paused()).isEmpty();
        assertThatThrownBy(() -> consumer.poll(Duration.ZERO)).isInstanceOf(WakeupException.class);
    }

    @Test
    void recordsOfAPartitionAssignedDuringTheBackOff_areRewound_soTheNextPollReturnsThemAgain() {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(p0, p1));
            consumer.addRecord(new ConsumerRecord<>("events", 1, 0, "v", "c"));
        });
        AtomicInteger attempts = new AtomicInteger();

        BatchRetry.untilDone(batch, consumer, () -> {
            if (attempts.incrementAndGet() < 2) {
                throw new IllegalStateException("Redis down");
            }
        });

        assertThat(consumer.position(p1)).as("the wait's poll returned offset 0 of p1, unprojected").isZero();
    }
}
