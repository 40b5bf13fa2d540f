package io.sessionstream.projector;

/**
 * Where a record sits in Kafka; the fencing key in Redis.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param offset    the record's offset
 */
record Position(String topic, int partition, long offset) {

    /** The field of {@code {p}applied} this position fences. */
    String field() {
        return topic + ":" + partition;
    }
}
