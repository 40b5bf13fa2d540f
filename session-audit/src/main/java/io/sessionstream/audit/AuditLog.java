package io.sessionstream.audit;

import io.micronaut.data.exceptions.DataAccessException;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventType;
import io.sessionstream.events.LoggedIn;
import io.sessionstream.events.LoggedOut;
import io.sessionstream.events.SessionEvent;
import io.sessionstream.events.SessionExpired;
import io.sessionstream.events.SessionTouched;
import io.sessionstream.events.UndecodableRecordException;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends each record of {@code session.events} to the audit, once: the table's key is the CloudEvent id, so the
 * same event delivered again, or the whole topic replayed, inserts nothing twice. Decoding is the contract's own
 * {@link EventCodec}; what it cannot decode (another producer's record, an event type or schema version this version
 * does not know yet, a key that is not the event's user) is not an error for a consumer: it is skipped with a WARN
 * and counted in {@code audit_skipped}, and the audit goes on. So is an event whose data PostgreSQL refuses (a NUL
 * character, say), which no retry could store. Anything else (PostgreSQL unreachable) is thrown, and the listener
 * retries the record.
 */
@Singleton
class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final EventCodec codec = new EventCodec();
    private final AuditRepository repository;

    AuditLog(AuditRepository repository) {
        this.repository = repository;
    }

    /** Appends the record's event, or counts it as skipped; true if it was appended now (not before). */
    boolean append(ConsumerRecord<String, byte[]> record) {
        Envelope<SessionEvent> envelope;
        try {
            envelope = codec.decodeSessionEvent(record);
            if (!Objects.equals(envelope.payload().userId(), record.key())) {
                throw new UndecodableRecordException("record key " + record.key() + " is not the event's user id", null);
            }
        } catch (UndecodableRecordException e) {
            skip(record, e.getMessage());
            return false;
        }
        try {
            return insert(record, envelope) == 1;
        } catch (DataAccessException e) {
            if (!refusesTheData(e)) {
                throw e;
            }
            skip(record, "PostgreSQL refuses its data: " + rootMessage(e));
            return false;
        }
    }

    private int insert(ConsumerRecord<String, byte[]> record, Envelope<SessionEvent> envelope) {
        SessionEvent event = envelope.payload();
        return repository.append(envelope.metadata().eventId(), EventType.of(event).ceType(),
                envelope.metadata().occurredAt(), envelope.metadata().source(), envelope.metadata().traceId(),
                event.userId(), sessionOf(event), new String(record.value(), StandardCharsets.UTF_8), record.topic(),
                record.partition(), record.offset());
    }

    private void skip(ConsumerRecord<String, byte[]> record, String why) {
        String reason = printable(why);
        LOG.warn("Skipping {}-{}@{} (not audited, counted in audit_skipped): {}", record.topic(), record.partition(),
                record.offset(), reason);
        repository.skipped(record.topic(), record.partition(), record.offset(), header(record, "ce_id"),
                header(record, "ce_type"), reason);
    }

    /** The one session the event names, for the view's joins; null for the events about several. */
    private static String sessionOf(SessionEvent event) {
        // Release 17: no pattern switch; the sealed hierarchy keeps this list complete.
        if (event instanceof LoggedIn e) {
            return e.sessionId();
        }
        if (event instanceof LoggedOut e) {
            return e.sessionId();
        }
        if (event instanceof SessionExpired e) {
            return e.sessionId();
        }
        if (event instanceof SessionTouched e) {
            return e.sessionId();
        }
        return null;
    }

    /**
     * SQLSTATE class 22 (data exception: a NUL in text, a malformed value) or 23 (integrity constraint): the same
     * record would be refused however often it is tried.
     */
    private static boolean refusesTheData(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        return printable(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** Untrusted text without control characters: PostgreSQL refuses NUL in text, and a log line is one line. */
    private static String printable(String text) {
        return text == null ? null : text.replaceAll("\\p{Cntrl}", "?");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
