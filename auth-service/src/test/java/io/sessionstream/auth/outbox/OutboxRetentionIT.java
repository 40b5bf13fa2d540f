package io.sessionstream.auth.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionstream.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retention statement against real PostgreSQL with the auth-service's own migrations:
 * which rows it deletes, in how many batches, and that it never touches an unpublished row,
 * however old. (OutboxRelayIT shows the relay leader running it.)
 */
class OutboxRetentionIT {

    private final TestPostgres.Database db = TestPostgres.newDatabase();

    @BeforeEach
    void migrate() {
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).load().migrate();
    }

    @Test
    void step_deletesOnlyRowsPublishedBeforeTheRetention_inBatches_andNeverAnUnpublishedRow() throws Exception {
        try (Connection c = db.connect()) {
            insert(c, OutboxRetention.BATCH * 2 + 7, "now() - interval '8 days'", "now() - interval '8 days'");
            insert(c, 3, "now() - interval '8 days'", "now() - interval '1 day'");
            insert(c, 2, "now() - interval '30 days'", "null");
            OutboxRetention retention = new OutboxRetention(Duration.ofDays(7), Duration.ofHours(1));

            List<Boolean> steps = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                steps.add(retention.step(c));
            }

            assertThat(steps).as("two full batches, then the rest, then nothing due until the interval")
                    .containsExactly(true, true, false, false);
            assertThat(count(c, "published_at is not null")).isEqualTo(3);
            assertThat(count(c, "published_at is null")).isEqualTo(2);
        }
    }

    @Test
    void step_withZeroRetention_deletesEveryPublishedRow_andRunsAgainOnlyAfterTheInterval() throws Exception {
        try (Connection c = db.connect()) {
            insert(c, 5, "now()", "now()");
            insert(c, 1, "now()", "null");
            OutboxRetention retention = new OutboxRetention(Duration.ZERO, Duration.ofHours(1));

            assertThat(retention.step(c)).isFalse();
            insert(c, 2, "now()", "now()");
            retention.step(c);
            long notDueYet = count(c, "published_at is not null");
            retention.becameLeader();
            retention.step(c);

            assertThat(notDueYet).as("the next run is an interval away").isEqualTo(2);
            assertThat(count(c, "published_at is not null")).as("a new leader runs at once").isZero();
            assertThat(count(c, "published_at is null")).isEqualTo(1);
        }
    }

    private static void insert(Connection c, int rows, String occurredAt, String publishedAt) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("insert into outbox (event_id, event_type, kafka_key, payload, occurred_at, source,"
                    + " published_at) select gen_random_uuid(), 'io.sessionstream.session.logged-out.v1', 'u', '{}', "
                    + occurredAt + ", 'test', " + publishedAt + " from generate_series(1, " + rows + ")");
        }
    }

    private static long count(Connection c, String where) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from outbox where " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
