package io.sessionstream.auth.outbox;

import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.sessionstream.auth.AuthConfiguration;
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
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
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
 *   <li>Idempotent producer with {@code acks=all} ({@code kafka.producers.outbox}); rows are
 *       marked only after every record of the batch was acknowledged. A failure leaves them
 *       unmarked, and they are sent again: consumers tolerate duplicates.</li>
 * </ul>
 */
@Context
class OutboxRelay {

    /** The advisory lock that elects the single active relay. */
    static final long LOCK_KEY = 0x5E55_0B0C_0001L;
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;
    private static final String SELECT = "select id, event_id, event_type, kafka_key, payload, occurred_at, source, trace_id"
            + " from outbox where published_at is null order by id limit " + BATCH;

    private final Producer<String, byte[]> producer;
    private final EventCodec codec = new EventCodec();
    private final String topic;
    private final int pollMillis;
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
    OutboxRelay(@KafkaClient("outbox") Producer<String, byte[]> producer, AuthConfiguration config, DataSource migrated,
                @Value("${datasources.default.url}") String url,
                @Value("${datasources.default.username:postgres}") String user,
                @Nullable @Value("${datasources.default.password:}") String password) {
        this.producer = producer;
        this.topic = config.eventsTopic();
        this.pollMillis = (int) config.relayPollInterval().toMillis();
        this.url = url;
        this.user = user;
        this.password = password == null ? "" : password;
        thread.setDaemon(true);
    }

    @PostConstruct
    void start() {
        thread.start();
    }

    /** Whether this instance currently holds the relay lock. */
    boolean isLeader() {
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
                }
            }
            if (leader) {
                drain(connection);
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
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(SELECT)) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    acks.add(producer.send(codec.toRecord(topic, wire(rs))));
                }
            }
            awaitAll(acks);
            markPublished(connection, ids);
            sent = ids.size();
        } while (sent == BATCH && running);
    }

    private static WireEvent wire(ResultSet rs) throws SQLException {
        String ceType = rs.getString(3);
        EventType type = EventType.fromCeType(ceType)
                .orElseThrow(() -> new IllegalStateException("unknown event type in outbox: " + ceType));
        EventMetadata metadata = new EventMetadata(rs.getObject(2, UUID.class),
                rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getString(8));
        return new WireEvent(metadata, type, rs.getString(4), rs.getString(5).getBytes(StandardCharsets.UTF_8));
    }

    private static void awaitAll(List<Future<RecordMetadata>> acks) {
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the outbox", e);
        } catch (Exception e) {
            throw new IllegalStateException("publishing the outbox failed; the rows stay unpublished", e);
        }
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
