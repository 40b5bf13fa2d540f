package io.sessionstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The fault hooks of the embedded broker: a restart keeps the data; a cut proxy partitions its clients. And its
 * SASL/PLAIN listener: the user with its password gets in, a wrong password does not.
 */
class EmbeddedKafkaIT {

    @Test
    void restart_keepsTopicsAndRecords_andCutProxy_partitionsOnlyItsClients() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startPartitionable(Files.createTempDirectory("kafka-fault"), 0)) {
            Topics.create(kafka.bootstrapServers(), List.of("t"), 1);
            send(kafka.proxiedBootstrapServers(), "before");

            kafka.close();
            kafka.restart();
            send(kafka.bootstrapServers(), "after-restart");
            assertThat(readAll(kafka.bootstrapServers())).containsExactly("before", "after-restart");

            kafka.proxy().cut();
            assertThatThrownBy(() -> send(kafka.proxiedBootstrapServers(), "cut off"))
                    .isInstanceOf(ExecutionException.class);
            send(kafka.bootstrapServers(), "direct");

            kafka.proxy().restore();
            send(kafka.proxiedBootstrapServers(), "restored");
            assertThat(readAll(kafka.bootstrapServers())).containsExactly("before", "after-restart", "direct", "restored");
        }
    }

    @Test
    void saslListener_admitsTheUserWithItsPassword_only() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startWithSaslPlain(Files.createTempDirectory("kafka-sasl"), "alice", "pw\"1")) {
            Topics.create(kafka.bootstrapServers(), List.of("t"), 1);

            send(kafka.saslBootstrapServers(), "authenticated", sasl("alice", "pw\"1"));
            assertThatThrownBy(() -> send(kafka.saslBootstrapServers(), "wrong password", sasl("alice", "pw")))
                    .hasRootCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);

            assertThat(readAll(kafka.bootstrapServers())).containsExactly("authenticated");
        }
    }

    private static Map<String, Object> sasl(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", EmbeddedKafka.plainJaasConfig(user, password));
    }

    private static void send(String bootstrap, String value) throws Exception {
        send(bootstrap, value, Map.of());
    }

    private static void send(String bootstrap, String value, Map<String, Object> security) throws Exception {
        Map<String, Object> config = new java.util.HashMap<>(security);
        config.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("t", 0, "k", value)).get(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> readAll(String bootstrap) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition p0 = new TopicPartition("t", 0);
            consumer.assign(List.of(p0));
            consumer.seekToBeginning(List.of(p0));
            long end = consumer.endOffsets(List.of(p0)).get(p0);
            List<String> values = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.position(p0) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }
}
