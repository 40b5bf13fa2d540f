package io.sessionstream.auth.sessions;

import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.LoggedOut;
import io.sessionstream.events.SessionEvent;
import io.sessionstream.events.SessionExpired;
import io.sessionstream.events.SessionRevoked;
import io.sessionstream.testkit.TestKafka;
import io.sessionstream.testkit.Topics;
import io.sessionstream.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What the expiry tests look at: the events topic as a consumer of the contract reads it, and the outbox. */
final class ExpiryEvidence {

    private static final EventCodec CODEC = new EventCodec();

    private ExpiryEvidence() {
    }

    /** Every committed event of the topic that ends the session (LoggedOut, SessionRevoked, SessionExpired), in order. */
    static List<Envelope<SessionEvent>> endsOf(String topic, String sessionId) {
        return readCommitted(topic).stream().filter(e -> SessionEvent.endsByName(e.payload(), sessionId)).toList();
    }

    /** The {@code SessionExpired} events of the session on the topic. */
    static List<SessionExpired> expiriesOf(String topic, String sessionId) {
        return endsOf(topic, sessionId).stream().map(Envelope::payload).filter(SessionExpired.class::isInstance)
                .map(SessionExpired.class::cast).toList();
    }

    /** Whether the relay has published every outbox row: what committed is on the topic. */
    static boolean relayed(TestPostgres.Database db) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from outbox where published_at is null")) {
            rs.next();
            return rs.getLong(1) == 0;
        }
    }

    /** The types of the outbox rows whose payload names the session, in outbox order. */
    static List<String> outboxTypesNaming(TestPostgres.Database db, String sessionId) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select event_type, payload from outbox order by id")) {
            List<String> types = new ArrayList<>();
            while (rs.next()) {
                if (rs.getString(2).contains("\"" + sessionId + "\"")) {
                    types.add(rs.getString(1));
                }
            }
            return types;
        }
    }

    private static List<Envelope<SessionEvent>> readCommitted(String topic) {
        return Topics.readCommitted(TestKafka.bootstrapServers(), topic).stream().map(CODEC::decodeSessionEvent).toList();
    }
}
