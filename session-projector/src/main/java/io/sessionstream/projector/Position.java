package io.sessionstream.projector;

/**
 * Where a record sits in Kafka; the fencing key in Redis.
 *
 * @param topic    the topic
 * @param partition the partition
 * @param offset   the record's offset
 * @param previous the offset of the record of the same partition sent to Redis just before this one in
 *                 the same batch, or {@value #NONE}: this record is refused unless that one is applied, so
 *                 records of a pipelined batch never apply over a failed earlier one (see the Lua scripts)
 */
record Position(String topic, int partition, long offset, long previous) {

    /** No previous record to wait for: the first of its partition in a batch, or a single apply. */
    static final long NONE = -1;

    /** A record applied on its own. */
    Position(String topic, int partition, long offset) {
        this(topic, partition, offset, NONE);
    }

    /** The field of {@code {p}applied} this position fences. */
    String field() {
        return topic + ":" + partition;
    }
}
