package io.sessionstream.store;

/**
 * The fields of the projector's fences: each user's ({@link RedisLayout#fence}), which {@code fence.lua} writes — the
 * offset of the user's last applied record per topic-partition, and per topic the id of the incarnation those
 * offsets belong to — and {@code {p}applied} ({@link RedisLayout#applied}), which holds only the topic id of the
 * incarnation the whole projection is of. Topic names cannot hold {@code ':'} and partitions are numbers, so the
 * fields cannot clash.
 */
public final class AppliedHash {

    private static final String TOPIC_ID = "id";

    private AppliedHash() {
    }

    /** {@code <topic>:<partition>}: the last offset of the partition applied (a decimal number). */
    public static String offsetField(String topic, int partition) {
        return topic + ":" + partition;
    }

    /** {@code <topic>:id}: the topic id (Kafka's {@code Uuid}) the topic's offsets belong to. */
    public static String topicIdField(String topic) {
        return topic + ":" + TOPIC_ID;
    }
}
