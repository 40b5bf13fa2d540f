package io.sessionstream.auth.password;

import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import io.sessionstream.auth.AuthConfiguration;
import io.sessionstream.auth.mail.AccountNotifier;
import io.sessionstream.auth.sessions.SessionCommands;
import io.sessionstream.auth.users.User;
import io.sessionstream.auth.users.UserRepository;
import io.sessionstream.auth.web.ApiException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/** Password reset: single-use tokens, stored hashed, with a short expiry. */
@Singleton
class PasswordResets {

    /** A completed reset: whose, and what it revoked. */
    record Done(UUID userId, SessionCommands.UserWideRevocation revocation) {
    }

    private final PasswordResetRepository resets;
    private final UserRepository users;
    private final SessionCommands commands;
    private final AccountNotifier notifier;
    private final AuthConfiguration config;
    private final Clock clock;

    PasswordResets(PasswordResetRepository resets, UserRepository users, SessionCommands commands,
                   AccountNotifier notifier, AuthConfiguration config, Clock clock) {
        this.resets = resets;
        this.users = users;
        this.commands = commands;
        this.notifier = notifier;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Issues a token and queues its mail if the address is registered; does nothing otherwise. Either way it
     * returns without waiting for the mail (the caller answers the same).
     */
    void request(String email) {
        Optional<User> user = users.findByEmail(email);
        if (user.isEmpty()) {
            return;
        }
        String token = ResetToken.generate();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant expires = now.plus(config.passwordResetTtl());
        resets.save(new PasswordReset(ResetToken.hash(token), user.get().id(), now, expires, null));
        notifier.passwordReset(user.get().id(), user.get().email(), token, expires);
    }

    /**
     * Uses the token: sets the new password and revokes every session of the user, in one
     * transaction; every other outstanding token of the user is voided. 400 if the token is
     * unknown, used or expired.
     */
    @Transactional
    Done confirm(String token, String passwordHash, String traceId) {
        Instant now = clock.instant();
        PasswordReset reset = resets.lock(ResetToken.hash(token))
                .filter(r -> r.usableAt(now))
                .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "invalid_reset_token",
                        "This reset link is invalid, used or expired; request a new one"));
        resets.useAll(reset.userId(), now);
        return new Done(reset.userId(), commands.resetPassword(reset.userId(), passwordHash, traceId));
    }
}
