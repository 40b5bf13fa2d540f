package io.sessionstream.auth.users;

import io.micronaut.data.exceptions.DataAccessException;
import io.sessionstream.auth.limits.RateLimits;
import io.sessionstream.auth.mail.AccountNotifier;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;

/**
 * The sign-up use case, which tells nobody whether an address is registered: a new address gets an account; a
 * taken one changes nothing and its owner is told by mail ({@link AccountNotifier#signUpAttempted}). The password
 * is hashed either way, so both take as long. Refused past the per-address limit before any hash.
 */
@Singleton
class Registrations {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final RateLimits limits;
    private final AccountNotifier notifier;
    private final Clock clock;

    Registrations(UserRepository users, PasswordHasher hasher, RateLimits limits, AccountNotifier notifier, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.limits = limits;
        this.notifier = notifier;
        this.clock = clock;
    }

    void register(String email, String password, String clientAddress) {
        limits.take("too_many_requests", "Too many registrations from this address; retry after the time given in "
                + "Retry-After", limits.signups(clientAddress));
        String normalized = email.trim().toLowerCase(Locale.ROOT);
        String passwordHash = hasher.hash(password);
        if (users.findByEmail(normalized).isPresent()) {
            notifier.signUpAttempted(normalized);
            return;
        }
        try {
            users.save(new User(UUID.randomUUID(), normalized, passwordHash, clock.instant(), User.DEFAULT_ROLES));
        } catch (DataAccessException e) {
            // Lost a race with a concurrent registration of the same email (unique constraint).
            notifier.signUpAttempted(normalized);
        }
    }
}
