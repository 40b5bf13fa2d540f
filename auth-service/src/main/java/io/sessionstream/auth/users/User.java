package io.sessionstream.auth.users;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A row of {@code users}.
 *
 * @param id           the user id
 * @param email        lower-cased email, unique
 * @param passwordHash Argon2id PHC string
 * @param createdAt    registration time
 * @param roles        comma-separated roles, {@code user} for everybody
 */
@MappedEntity("users")
public record User(@Id UUID id, String email, String passwordHash, Instant createdAt, String roles) {

    /** The role every user has. */
    public static final String DEFAULT_ROLES = "user";

    /** The roles as a list. */
    public List<String> roleList() {
        return List.of(roles.split(","));
    }
}
