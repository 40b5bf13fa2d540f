package io.sessionstream.client;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka producer of activity reports, as {@link KafkaClientFactory} creates it: its own type, so that no
 * application injection point of a {@code Producer} (micronaut-kafka's {@code @KafkaClient} ones among them) can
 * receive it, and a {@link #close()} bounded like the rest of the shutdown.
 */
final class ActivityProducer extends KafkaProducer<String, byte[]> {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    ActivityProducer(Map<String, Object> properties) {
        super(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Gives touches still in flight two seconds, then drops them: a lost touch only makes a session look idle
     * earlier, and a Kafka that is away must not hold the shutdown for the whole delivery timeout.
     */
    @Override
    public void close() {
        close(CLOSE_TIMEOUT);
    }
}
