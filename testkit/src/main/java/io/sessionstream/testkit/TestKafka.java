package io.sessionstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Kafka broker for tests, chosen once per JVM in the order of ARCHITECTURE §7:
 * {@code KAFKA_BOOTSTRAP_SERVERS} if set, a Testcontainers Kafka when a Docker engine
 * answers, else a real {@link EmbeddedKafka} broker in this JVM.
 *
 * <p>Tests isolate themselves with {@link SessionTopics#unique()}.
 */
public final class TestKafka {

    private static final Logger LOG = LoggerFactory.getLogger(TestKafka.class);
    private static String bootstrapServers;
    private static EmbeddedKafka embedded;

    private TestKafka() {
    }

    /** The {@code bootstrap.servers} of the test broker, starting one if needed. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = discover();
        }
        return bootstrapServers;
    }

    /** The embedded broker if that is what tests use, so fault tests can stop and restart it. */
    public static synchronized EmbeddedKafka embedded() {
        bootstrapServers();
        return embedded;
    }

    private static String discover() {
        String env = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (env != null && !env.isBlank()) {
            LOG.info("Kafka for tests: KAFKA_BOOTSTRAP_SERVERS={}", env);
            return env;
        }
        if (Docker.available()) {
            KafkaContainer container = new KafkaContainer("apache/kafka:3.9.1");
            container.start();
            LOG.info("Kafka for tests: Testcontainers at {}", container.getBootstrapServers());
            return container.getBootstrapServers();
        }
        try {
            embedded = EmbeddedKafka.start(Files.createTempDirectory("sessionstream-kafka"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-kafka-stop"));
        LOG.info("Kafka for tests: embedded KRaft broker at {}", embedded.bootstrapServers());
        return embedded.bootstrapServers();
    }
}
