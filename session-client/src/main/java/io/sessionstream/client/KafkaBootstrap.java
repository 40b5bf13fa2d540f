package io.sessionstream.client;

import io.micronaut.context.env.Environment;

/** Where the session client finds Kafka: {@code sessionstream.client.bootstrap-servers}, else {@code kafka.bootstrap.servers}. */
final class KafkaBootstrap {

    private KafkaBootstrap() {
    }

    static String servers(Environment environment) {
        return environment.getProperty(SessionClientConfiguration.PREFIX + ".bootstrap-servers", String.class)
                .or(() -> environment.getProperty("kafka.bootstrap.servers", String.class))
                .orElse("localhost:9092");
    }
}
