package io.sessionstream.projector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads partitions from their first retained record up to given end offsets (excluded), one poll's
 * records at a time, with a consumer outside any group: a rebuild's replay, which commits nothing as it
 * goes. Records at or past the end (published during the replay) are left to the projectors.
 */
final class TopicReplay {

    /** Fails the replay when no record arrives for this long while some partition is short of its end. */
    static final Duration STALL = Duration.ofSeconds(30);

    private TopicReplay() {
    }

    static void read(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end,
                     Consumer<List<ConsumerRecord<String, byte[]>>> batch) {
        consumer.assign(end.keySet());
        consumer.seekToBeginning(end.keySet());
        long lastProgress = System.nanoTime();
        while (!reached(consumer, end)) {
            ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofMillis(200));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(polled.count());
            for (ConsumerRecord<String, byte[]> r : polled) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    records.add(r);
                }
            }
            if (!records.isEmpty()) {
                batch.accept(records);
            }
            if (!polled.isEmpty()) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                throw new IllegalStateException("no record from Kafka for " + STALL.toSeconds() + " s while replaying "
                        + end.keySet() + " up to " + end + " (at " + positions(consumer, end) + ")");
            }
        }
        consumer.unsubscribe();
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static Map<TopicPartition, Long> positions(KafkaConsumer<String, byte[]> consumer,
                                                       Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> at = new HashMap<>();
        end.keySet().forEach(tp -> at.put(tp, consumer.position(tp)));
        return at;
    }
}
