package io.sessionstream.auth.admin;

import io.sessionstream.auth.users.User;
import io.sessionstream.auth.users.UserRepository;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.UUID;

/** Finds the user an operator names: by user id (a UUID) or by email, as registration stored it (lower case). */
@Singleton
class UserResolver {

    private final UserRepository users;

    UserResolver(UserRepository users) {
        this.users = users;
    }

    User resolve(String emailOrUserId) {
        UUID id = uuid(emailOrUserId);
        if (id != null) {
            return users.findById(id).orElseThrow(() -> new AdminFailure("no user with id " + id));
        }
        String email = emailOrUserId.trim().toLowerCase(Locale.ROOT);
        return users.findByEmail(email).orElseThrow(() -> new AdminFailure("no user with email " + email));
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
