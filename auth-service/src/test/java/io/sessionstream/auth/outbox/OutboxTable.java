package io.sessionstream.auth.outbox;

import io.sessionstream.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The {@code outbox} table read directly over JDBC, as the relay's evidence of what it owes Kafka. */
final class OutboxTable {

    /** One row: relay order, CloudEvents id and type, Kafka key, and whether the relay marked it published. */
    record Row(long id, String eventId, String eventType, String key, boolean published) {
    }

    private OutboxTable() {
    }

    /** Every row, in id (relay) order. */
    static List<Row> rows(TestPostgres.Database db) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "select id, event_id, event_type, kafka_key, published_at is not null from outbox order by id")) {
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)));
            }
            return rows;
        }
    }

    /** Whether there are rows and the relay has marked every one published. */
    static boolean allPublished(TestPostgres.Database db) throws SQLException {
        List<Row> rows = rows(db);
        return !rows.isEmpty() && rows.stream().allMatch(Row::published);
    }

    /** The event ids in relay order. */
    static List<String> eventIds(List<Row> rows) {
        return rows.stream().map(Row::eventId).toList();
    }
}
