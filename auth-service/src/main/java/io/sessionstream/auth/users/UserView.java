package io.sessionstream.auth.users;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.UUID;

/** A user as the API shows it. */
@Serdeable
public record UserView(UUID id, String email, Instant createdAt) {

    static UserView of(User user) {
        return new UserView(user.id(), user.email(), user.createdAt());
    }
}
