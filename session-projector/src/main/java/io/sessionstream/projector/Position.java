package io.sessionstream.projector;

import org.apache.kafka.common.Uuid;

/**
 * Where a record sits in Kafka; the fencing key in Redis.
 *
 * @param topic     the topic
 * @param topicId   the topic's id: which incarnation of the topic the offset belongs to (a topic deleted and
 *                  created again, or the same name on another cluster, has another id and starts again at 0)
 * @param partition the partition
 * @param offset    the record's offset
 * @param previous  the offset of the record of the same user (and so of the same partition) sent to Redis just
 *                  before this one in the same batch, or {@value #NONE}: this record is refused unless that one is
 *                  applied, so records of a pipelined batch never apply over a failed earlier one of their user,
 *                  whose fence would then skip it (see the Lua scripts)
 */
record Position(String topic, Uuid topicId, int partition, long offset, long previous) {

    /** No previous record to wait for: the first of its user in a batch, or a single apply. */
    static final long NONE = -1;

    /** A record applied on its own. */
    Position(String topic, Uuid topicId, int partition, long offset) {
        this(topic, topicId, partition, offset, NONE);
    }
}
