package io.sessionstream.client;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The Kafka consumer of the invalidation broadcast, as {@link KafkaClientFactory} creates it: its own type, so
 * that no application injection point of a {@code Consumer} or {@code KafkaConsumer} can receive it, and a
 * {@link #close()} bounded like the rest of the shutdown. Only the {@link InvalidationListener}'s thread uses it;
 * the context closes it after that thread has stopped.
 */
final class InvalidationConsumer extends KafkaConsumer<String, byte[]> {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    InvalidationConsumer(Map<String, Object> properties) {
        super(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Closes within one second: the consumer has no group to leave and no offsets to commit. */
    @Override
    public void close() {
        close(CLOSE_TIMEOUT);
    }
}
