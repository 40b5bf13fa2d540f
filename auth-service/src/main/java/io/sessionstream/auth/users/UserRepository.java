package io.sessionstream.auth.users;

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
}
