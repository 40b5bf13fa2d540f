package io.sessionstream.auth.outbox;

import io.micronaut.configuration.kafka.config.KafkaProducerConfiguration;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.sessionstream.auth.Environments;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.EventType;
import io.sessionstream.events.WireEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes outbox rows to Kafka in id order, then marks them published (ARCHITECTURE §4).
 *
 * <ul>
 *   <li>One relay at a time across auth-service instances: the relay that holds the
 *       PostgreSQL advisory lock {@value #LOCK_KEY} on its own connection publishes; the
 *       others retry the lock every poll interval and take over within one interval after
 *       the leader's connection dies.</li>
 *   <li>Woken by {@code NOTIFY outbox} at each commit, and polls anyway every
 *       {@code relay-poll-interval}, so a lost notification costs at most one interval.</li>
 *   <li>Idempotent, <em>transactional</em> producer with {@code acks=all} ({@code kafka.producers.outbox}):
 *       each batch is one Kafka transaction, and rows are marked only after it committed. A failure
 *       (broker down, timeout) aborts it — consumers read {@code read_committed}, so none of its records
 *       is ever seen — and the relay retries the batch from the first unpublished row, keeping the lock.</li>
 *   <li>Why transactions: without them a failed batch can leave a later record of a partition
 *       written and an earlier one not (an expired batch does not stop the ones behind it), and a relay
 *       that lost its lock can still have records in flight. Either reorders a user's events. Every relay
 *       uses the same {@code transactional.id} ({@code sessionstream-outbox-relay:<events topic>} unless
 *       {@code kafka.producers.outbox.transactional.id} is set), so the new leader's {@code initTransactions} aborts and
 *       fences whatever an old leader left open; each failure starts a new producer the same way.</li>
 *   <li>Order per user: every state change takes the user's row lock before it appends, so a user's
 *       outbox ids are in commit order, and the relay publishes in id order.</li>
 *   <li>Retention: the leader deletes rows published longer than {@code outbox-retention}
 *       ago, every {@code outbox-cleanup-interval} ({@link OutboxRetention}).</li>
 * </ul>
 *
 * <p>Not in the {@value Environments#ADMIN} environment: the admin command only commits
 * outbox rows and waits for a running auth-service's relay to publish them.
 */
@Context
@Requires(notEnv = Environments.ADMIN)
class OutboxRelay implements RelayLeadership {

    /** The advisory lock that elects the single active relay. */
    static final long LOCK_KEY = 0x5E55_0B0C_0001L;
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;
    private static final String SELECT = "select id, event_id, event_type, kafka_key, payload, occurred_at, source, trace_id"
            + " from outbox where published_at is null order by id limit " + BATCH;

    private final Properties producerConfig;
    private Producer<String, byte[]> producer;
    private final EventCodec codec = new EventCodec();
    private final String topic;
    private final int pollMillis;
    private final OutboxRetention retention;
    private final String url;
    private final String user;
    private final String password;
    private final Thread thread = new Thread(this::run, "outbox-relay");
    private volatile boolean running = true;
    private volatile boolean leader;

    /**
     * Takes the {@link DataSource} only so that it, and with it the Flyway migration, exists
     * before the relay's first query.
     */
    OutboxRelay(@Named("outbox") KafkaProducerConfiguration<?, ?> producerConfig, OutboxConfiguration config,
                DataSource migrated,
                @Value("${datasources.default.url}") String url,
                @Value("${datasources.default.username:postgres}") String user,
                @Nullable @Value("${datasources.default.password:}") String password) {
        this.producerConfig = new Properties();
        this.producerConfig.putAll(producerConfig.getConfig());
        this.topic = config.eventsTopic();
        // One id per deployment (its events topic): every relay of it fences the others, and no one else's.
        this.producerConfig.putIfAbsent(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sessionstream-outbox-relay:" + topic);
        this.pollMillis = (int) config.relayPollInterval().toMillis();
        this.retention = new OutboxRetention(config.outboxRetention(), config.outboxCleanupInterval());
        this.url = url;
        this.user = user;
        this.password = password == null ? "" : password;
        thread.setDaemon(true);
    }

    @PostConstruct
    void start() {
        thread.start();
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    private void run() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(url, user, password)) {
                relay(connection);
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("Outbox relay failed; retrying in {} ms", pollMillis, e);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pollMillis));
                }
            } finally {
                leader = false;
                closeProducer();
            }
        }
    }

    private void relay(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
            st.execute("LISTEN outbox");
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
            if (!leader) {
                leader = tryLock(connection);
                if (leader) {
                    LOG.info("Outbox relay is the leader");
                    retention.becameLeader();
                }
            }
            if (leader) {
                try {
                    // Ready before the first row: a new leader's first login must not wait for the producer's
                    // start (initTransactions, the topic's metadata), which takes seconds on a busy machine.
                    producer();
                    drain(connection);
                } catch (KafkaException e) {
                    // Keep the lock; the next producer's initTransactions aborts whatever this one left open.
                    LOG.warn("Outbox relay could not publish ({}); retrying in {} ms", e.toString(), pollMillis);
                    closeProducer();
                    pg.getNotifications(pollMillis);
                    continue;
                }
                if (retention.step(connection)) {
                    continue;
                }
            }
            pg.getNotifications(pollMillis);
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            ps.setLong(1, LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private void drain(Connection connection) throws SQLException {
        int sent;
        do {
            List<Long> ids = new ArrayList<>();
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(SELECT)) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    records.add(codec.toRecord(topic, wire(rs)));
                }
            }
            if (!ids.isEmpty()) {
                publish(records);
                markPublished(connection, ids);
            }
            sent = ids.size();
        } while (sent == BATCH && running);
    }

    /** Sends the records as one transaction; returns once it committed, throws a KafkaException if it did not. */
    private void publish(List<ProducerRecord<String, byte[]>> records) {
        Producer<String, byte[]> p = producer();
        p.beginTransaction();
        for (ProducerRecord<String, byte[]> record : records) {
            p.send(record);
        }
        p.commitTransaction();
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            KafkaProducer<String, byte[]> created = new KafkaProducer<>(producerConfig, new StringSerializer(),
                    new ByteArraySerializer());
            try {
                created.initTransactions();
                created.partitionsFor(topic);
            } catch (KafkaException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            Producer<String, byte[]> closing = producer;
            producer = null;
            // stop() interrupts this thread; the close must still run, not throw InterruptException out of run().
            boolean interrupted = Thread.interrupted();
            try {
                closing.close(Duration.ZERO);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static WireEvent wire(ResultSet rs) throws SQLException {
        String ceType = rs.getString(3);
        EventType type = EventType.fromCeType(ceType)
                .orElseThrow(() -> new IllegalStateException("unknown event type in outbox: " + ceType));
        EventMetadata metadata = new EventMetadata(rs.getObject(2, UUID.class),
                rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getString(8));
        return new WireEvent(metadata, type, rs.getString(4), rs.getString(5).getBytes(StandardCharsets.UTF_8));
    }

    private static void markPublished(Connection connection, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "update outbox set published_at = now() where id = any(?)")) {
            Array array = connection.createArrayOf("bigint", ids.toArray());
            ps.setArray(1, array);
            ps.executeUpdate();
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }
}
