package io.sessionstream.auth.outbox;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface OutboxRepository extends GenericRepository<OutboxRow, Long> {

    OutboxRow save(OutboxRow row);

    /** Rows not yet published (the partial index {@code outbox_unpublished} serves it). */
    @Query("select count(*) from outbox where published_at is null")
    long countUnpublished();

    /**
     * The id of the row this connection appended last: only meaningful in the transaction that appended it
     * (a pooled connection remembers an earlier transaction's otherwise).
     */
    @Query("select currval(pg_get_serial_sequence('outbox', 'id'))")
    long lastAppendedId();

    /** Whether the row was published; false also for a row that does not exist. */
    @Query("select exists (select 1 from outbox where id = :id and published_at is not null)")
    boolean isPublished(long id);
}
