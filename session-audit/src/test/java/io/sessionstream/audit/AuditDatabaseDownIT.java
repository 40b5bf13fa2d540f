package io.sessionstream.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.LoggedIn;
import io.sessionstream.events.LoggedOut;
import io.sessionstream.events.SessionEvent;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TcpProxy;
import io.sessionstream.testkit.TestKafka;
import io.sessionstream.testkit.TestPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * An audit never skips an event because its database is away: with PostgreSQL unreachable (a cut connection, not a
 * fake), the record is retried and its offset not committed; once PostgreSQL is back, it is stored, and nothing was
 * counted as skipped.
 */
class AuditDatabaseDownIT {

    private final EventCodec codec = new EventCodec();

    @Test
    void eventsPublishedWhilePostgresIsAway_areAuditedOnceItIsBack_notSkipped() throws Exception {
        TestPostgres.Database db = TestPostgres.newDatabase();
        URI direct = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        SessionTopics topics = SessionTopics.unique();
        String group = "session-audit-" + UUID.randomUUID();
        String user = UUID.randomUUID().toString();
        try (TcpProxy postgres = TcpProxy.to(direct.getHost(), direct.getPort());
             KafkaProducer<String, byte[]> producer = producer();
             EmbeddedServer audit = ApplicationContext.run(EmbeddedServer.class, properties(db, postgres, topics, group))) {
            publish(producer, topics, loggedIn(user, "before"));
            await().atMost(Duration.ofSeconds(30)).until(() -> audited(db) == 1);

            postgres.cut();
            publish(producer, topics, loggedIn(user, "during"));
            publish(producer, topics, new LoggedOut(user, "during"));
            // While it is away, the audit does not move past the record: its group's offset stays at the first one.
            long stuckAt = endOffset(topics) - 2;
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> committed(group, topics) <= stuckAt);

            postgres.restore();
            await().atMost(Duration.ofSeconds(30)).until(() -> audited(db) == 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(group, topics) == endOffset(topics));
            assertThat(count(db, "select count(*) from audit_skipped")).isZero();
            assertThat(count(db, "select count(*) from audit_sessions where session_id = 'during' and ended_at is not null"))
                    .isEqualTo(1);
        }
    }

    private static Map<String, Object> properties(TestPostgres.Database db, TcpProxy postgres, SessionTopics topics,
                                                  String group) {
        URI direct = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.server.port", -1);
        p.put("kafka.bootstrap.servers", TestKafka.bootstrapServers());
        p.put("sessionstream.audit.events-topic", topics.events());
        p.put("sessionstream.audit.group-id", group);
        p.put("datasources.default.url", "jdbc:postgresql://127.0.0.1:" + postgres.port() + direct.getPath());
        p.put("datasources.default.username", db.user());
        p.put("datasources.default.password", db.password());
        // A pool that gives up on an unreachable server within seconds, so the retries come quickly.
        p.put("datasources.default.connection-timeout", 2000);
        return p;
    }

    private LoggedIn loggedIn(String user, String sid) {
        Instant now = Instant.now();
        return new LoggedIn(user, sid, "c2VjcmV0", now, now.plus(Duration.ofDays(7)), now.plus(Duration.ofDays(1)),
                "192.0.2.1", "curl/8.5.0", List.of("user"));
    }

    private void publish(KafkaProducer<String, byte[]> producer, SessionTopics topics, SessionEvent event) {
        producer.beginTransaction();
        producer.send(codec.toRecord(topics.events(), codec.encode(new Envelope<>(
                EventMetadata.now("auth-service", null, Clock.systemUTC()), event))));
        producer.commitTransaction();
    }

    private static KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "audit-db-down-" + UUID.randomUUID(),
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    /** The user's partition's end: every record of this test is on it, commit markers included. */
    private static long endOffset(SessionTopics topics) throws Exception {
        try (Admin admin = admin()) {
            var partitions = admin.describeTopics(List.of(topics.events())).allTopicNames().get().get(topics.events())
                    .partitions().stream().map(p -> new org.apache.kafka.common.TopicPartition(topics.events(), p.partition()))
                    .toList();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).max().orElse(0);
        }
    }

    private static long committed(String group, SessionTopics topics) throws Exception {
        try (Admin admin = admin()) {
            Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).max().orElse(0);
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()));
    }

    private static long audited(TestPostgres.Database db) throws SQLException {
        return count(db, "select count(*) from audit_events");
    }

    private static long count(TestPostgres.Database db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
