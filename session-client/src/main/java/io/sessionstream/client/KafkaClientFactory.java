package io.sessionstream.client;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;

/**
 * The session client's Kafka clients, built from {@link KafkaSettings} ({@code sessionstream.client.kafka.*} over
 * micronaut-kafka's {@code kafka.*}) and closed by the context on shutdown, after the beans that use them (the
 * pattern of micronaut-kafka's {@code AdminClientFactory}). Each is exposed only as its own type.
 *
 * <p>A client Kafka cannot build from its settings (a SASL protocol without a JAAS configuration, an unknown
 * security protocol) fails the application's start with a {@link ConfigurationException} that names the settings;
 * a broker that cannot be reached or refuses the credentials is a runtime condition, reported by the
 * {@link InvalidationListener} and the {@link ActivityPublisher}.
 */
@Factory
class KafkaClientFactory {

    @Singleton
    @Bean(typed = InvalidationConsumer.class, preDestroy = "close")
    @Requires(property = SessionClientConfiguration.INVALIDATION_LISTENER_ENABLED, notEquals = "false")
    InvalidationConsumer invalidationConsumer(KafkaSettings kafka) {
        return create("invalidation consumer", kafka, () -> new InvalidationConsumer(
                kafka.consumer("invalidations", "invalidations-" + Long.toHexString(System.nanoTime()))));
    }

    @Singleton
    @Bean(typed = ActivityProducer.class, preDestroy = "close")
    ActivityProducer activityProducer(KafkaSettings kafka) {
        return create("activity producer", kafka, () -> new ActivityProducer(
                kafka.producer("activity", "activity-" + Long.toHexString(System.nanoTime()))));
    }

    private static <T> T create(String client, KafkaSettings kafka, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (KafkaException e) {
            throw new ConfigurationException("Cannot create the session client's Kafka " + client + " for "
                    + kafka.describe() + ": " + rootMessage(e) + " — check " + SessionClientConfiguration.KAFKA_PREFIX
                    + ".* and kafka.*", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
