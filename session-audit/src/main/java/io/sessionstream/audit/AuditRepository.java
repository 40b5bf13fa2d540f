package io.sessionstream.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The audit tables and the {@code audit_sessions} view (db/migration/V1__audit_events.sql). */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface AuditRepository extends GenericRepository<AuditedSession, String> {

    /** Appends one event; 0 if an event with its id is there already (a redelivery, a replay). */
    @Query("insert into audit_events (event_id, event_type, occurred_at, source, trace_id, user_id, session_id, data,"
            + " kafka_topic, kafka_partition, kafka_offset) values (:eventId, :eventType, :occurredAt, :source, :traceId,"
            + " :userId, :sessionId, cast(:data as jsonb), :topic, :partition, :offset) on conflict (event_id) do nothing")
    int append(UUID eventId, String eventType, Instant occurredAt, String source, @Nullable String traceId, String userId,
               @Nullable String sessionId, String data, String topic, int partition, long offset);

    /** Counts a record that could not be audited; 0 if it was counted before. */
    @Query("insert into audit_skipped (kafka_topic, kafka_partition, kafka_offset, event_id, event_type, reason)"
            + " values (:topic, :partition, :offset, :eventId, :eventType, :reason) on conflict do nothing")
    int skipped(String topic, int partition, long offset, @Nullable String eventId, @Nullable String eventType,
                String reason);

    /**
     * The user's sessions signed in at {@code at}: begun by then, not ended by an event by then, before their
     * absolute expiry.
     */
    @Query("select * from audit_sessions where user_id = :userId and signed_in_at <= :at"
            + " and (ended_at is null or ended_at > :at) and absolute_expiry > :at order by signed_in_at, session_id")
    List<AuditedSession> signedInAt(String userId, Instant at);

    /** Every session of the user, newest first. */
    @Query("select * from audit_sessions where user_id = :userId order by signed_in_at desc, session_id")
    List<AuditedSession> sessionsOf(String userId);
}
