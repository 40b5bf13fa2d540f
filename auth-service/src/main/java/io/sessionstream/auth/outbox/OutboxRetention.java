package io.sessionstream.auth.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes published outbox rows once they are older than {@code outbox-retention}, driven by
 * the relay leader on its own connection every {@code outbox-cleanup-interval} (the first run
 * as soon as an instance becomes leader). One statement deletes at most {@value #BATCH} rows:
 *
 * <pre>
 * delete from outbox where id in (
 *     select id from outbox where published_at &lt; now() - :retention limit 5000)
 * </pre>
 *
 * and the relay publishes between two statements, so a large backlog never holds up publishing
 * for more than one batch. A row whose {@code published_at} is null never matches: an event is
 * deleted only after Kafka acknowledged it. Ages are measured on the database clock, the clock
 * that set {@code published_at}. Not thread-safe: only the relay thread calls it.
 */
final class OutboxRetention {

    /** Rows one statement deletes at most. */
    static final int BATCH = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRetention.class);
    private static final String DELETE = "delete from outbox where id in (select id from outbox"
            + " where published_at < now() - ? * interval '1 millisecond' limit " + BATCH + ")";

    private final Duration retention;
    private final long intervalNanos;
    private long nextRunNanos;
    private long deletedThisRun;

    OutboxRetention(Duration retention, Duration interval) {
        this.retention = retention;
        this.intervalNanos = interval.toNanos();
        this.nextRunNanos = System.nanoTime();
    }

    /** Makes a run due now: a new leader cleans up at once, whatever its predecessor last did. */
    void becameLeader() {
        nextRunNanos = System.nanoTime();
        deletedThisRun = 0;
    }

    /**
     * Deletes one batch if a run is due or under way. Returns true while the run is not over
     * (the batch was full, more rows may be expired): the caller should call again soon.
     */
    boolean step(Connection connection) throws SQLException {
        if (System.nanoTime() - nextRunNanos < 0) {
            return false;
        }
        int deleted = deleteBatch(connection);
        deletedThisRun += deleted;
        if (deleted == BATCH) {
            return true;
        }
        if (deletedThisRun > 0) {
            LOG.info("Outbox retention deleted {} rows published longer than {} ago", deletedThisRun, retention);
        }
        deletedThisRun = 0;
        nextRunNanos = System.nanoTime() + intervalNanos;
        return false;
    }

    private int deleteBatch(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(DELETE)) {
            ps.setLong(1, retention.toMillis());
            return ps.executeUpdate();
        }
    }
}
