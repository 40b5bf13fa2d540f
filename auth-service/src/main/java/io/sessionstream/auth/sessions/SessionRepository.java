package io.sessionstream.auth.sessions;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface SessionRepository extends CrudRepository<SessionRecord, String> {

    /** Marks a live session revoked; 0 if it was already revoked. */
    @Query("update sessions set revoked_at = :at, revoked_reason = :reason where id = :id and revoked_at is null")
    int revoke(String id, Instant at, String reason);
}
