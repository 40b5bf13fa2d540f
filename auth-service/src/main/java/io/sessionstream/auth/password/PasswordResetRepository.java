package io.sessionstream.auth.password;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface PasswordResetRepository extends CrudRepository<PasswordReset, String> {

    /** The reset with this token hash, locked until the transaction ends (so it is used once). */
    @Query("select * from password_resets where token_hash = :tokenHash for update")
    Optional<PasswordReset> lock(String tokenHash);

    /** Marks every outstanding reset of the user used: a reset, once done, voids the others. */
    @Query("update password_resets set used_at = :at where user_id = :userId and used_at is null")
    int useAll(UUID userId, Instant at);

    /** Deletes every reset that expired before {@code before}. */
    @Query("delete from password_resets where expires_at < :before")
    int deleteExpiredBefore(Instant before);
}
