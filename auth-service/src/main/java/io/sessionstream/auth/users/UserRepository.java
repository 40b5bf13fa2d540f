package io.sessionstream.auth.users;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Optional;
import java.util.UUID;

/** The {@code users} table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UserRepository extends CrudRepository<User, UUID> {

    Optional<User> findByEmail(String email);

    void updatePasswordHash(@io.micronaut.data.annotation.Id UUID id, String passwordHash);

    /**
     * Locks the user's row until the transaction ends. Every change to a user's sessions takes
     * this lock first, so the changes of one user commit (and enter the outbox) one at a time,
     * in the order of their times.
     */
    @Query("select * from users where id = :id for update")
    Optional<User> lock(UUID id);
}
