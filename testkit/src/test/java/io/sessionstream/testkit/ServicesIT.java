package io.sessionstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ServicesIT {

    @Test
    void kafka_uniqueTopics_roundTripARecord() throws Exception {
        SessionTopics topics = SessionTopics.unique();
        String bootstrap = TestKafka.bootstrapServers();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(), new StringDeserializer())) {
            producer.send(new ProducerRecord<>(topics.events(), 0, "k", "hello")).get();
            TopicPartition p0 = new TopicPartition(topics.events(), 0);
            consumer.assign(List.of(p0));
            consumer.seekToBeginning(List.of(p0));
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofSeconds(10));
            assertThat(records.records(p0)).extracting(r -> r.value()).containsExactly("hello");
        }
    }

    @Test
    void postgres_newDatabase_isEmptyAndUsable() throws Exception {
        TestPostgres.Database db = TestPostgres.newDatabase();
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                "select count(*) from information_schema.tables where table_schema = 'public'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void redis_answersPing() throws Exception {
        java.net.URI uri = java.net.URI.create(TestRedis.uri());
        try (java.net.Socket s = new java.net.Socket(uri.getHost(), uri.getPort())) {
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[7];
            int n = s.getInputStream().read(buf);
            assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
        }
    }
}
