package io.sessionstream.auth.sessions;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface TrustedDeviceRepository extends CrudRepository<TrustedDevice, String> {

    /** Whether the key is a trusted device of the user that was used after {@code since}. */
    @Query("select exists(select 1 from trusted_devices where key_hash = :keyHash and user_id = :userId"
            + " and last_used_at > :since)")
    boolean isTrusted(String keyHash, UUID userId, Instant since);

    /** Records a successful sign-in of the device (a new row, or a later last_used_at). */
    @Query("insert into trusted_devices (key_hash, user_id, created_at, last_used_at) values (:keyHash, :userId, :at, :at)"
            + " on conflict (key_hash) do update set last_used_at = excluded.last_used_at")
    void signedIn(String keyHash, UUID userId, Instant at);

    /** Forgets devices not used since {@code before}. */
    @Query("delete from trusted_devices where last_used_at < :before")
    int deleteUnusedSince(Instant before);
}
