package io.sessionstream.auth.users;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code users}.
 *
 * @param id           the user id
 * @param email        lower-cased email, unique
 * @param passwordHash Argon2id PHC string
 * @param createdAt    registration time
 */
@MappedEntity("users")
public record User(@Id UUID id, String email, String passwordHash, Instant createdAt) {
}
