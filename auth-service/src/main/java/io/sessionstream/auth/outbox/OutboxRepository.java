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
}
