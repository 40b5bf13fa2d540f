package io.sessionstream.auth.password;

import io.micronaut.transaction.annotation.Transactional;
import io.sessionstream.auth.Housekeeping;
import io.sessionstream.auth.limits.RateLimits;
import io.sessionstream.auth.mail.AccountNotifier;
import io.sessionstream.auth.sessions.SessionCommands;
import io.sessionstream.auth.users.User;
import io.sessionstream.auth.users.UserRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Reset tokens: single use, stored hashed ({@code password_resets}: token_hash, user_id, created_at, expires_at,
 * used_at), with a short expiry, limited per email and per client address (whether or not the address is
 * registered, so a refusal tells nothing). Rows are deleted a day after they expired ({@link #forgetExpired()}).
 * The use case around them is {@link PasswordResets}.
 */
@Singleton
class ResetTokens implements Housekeeping.Chore {

    /** A completed reset: whose, and what it revoked. */
    record Done(UUID userId, SessionCommands.UserWideRevocation revocation) {
    }

    private final PasswordResetRepository resets;
    private final UserRepository users;
    private final SessionCommands commands;
    private final AccountNotifier notifier;
    private final ResetConfiguration config;
    private final RateLimits limits;
    private final Clock clock;

    ResetTokens(PasswordResetRepository resets, UserRepository users, SessionCommands commands,
                   AccountNotifier notifier, ResetConfiguration config, RateLimits limits, Clock clock) {
        this.limits = limits;
        this.resets = resets;
        this.users = users;
        this.commands = commands;
        this.notifier = notifier;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Issues a token and queues its mail if the address is registered; does nothing otherwise. Either way it
     * returns without waiting for the mail (the caller answers the same). Refused with
     * {@link io.sessionstream.auth.limits.RateLimitedException} past the limits.
     */
    void request(String email, String clientAddress) {
        limits.take("too_many_requests", "Too many password reset requests; retry after the time given in Retry-After",
                limits.resetsFor(email), limits.resetsFrom(clientAddress));
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

    /** Fails with {@link InvalidResetTokenException} unless the token can be used now; reads, locks nothing. */
    void check(String token) {
        Instant now = clock.instant();
        resets.findById(ResetToken.hash(token)).filter(r -> r.usableAt(now))
                .orElseThrow(InvalidResetTokenException::new);
    }

    /**
     * Uses the token (a {@link PasswordResets} confirmation, which checked it and hashed the password first): sets the new password and revokes every session of the user, in one
     * transaction; every other outstanding token of the user is voided. {@link InvalidResetTokenException} if
     * the token is unknown, used or expired (also when a concurrent confirmation used it after {@link #check}).
     */
    @Transactional
    Done use(String token, String passwordHash, String traceId) {
        Instant now = clock.instant();
        PasswordReset reset = resets.lock(ResetToken.hash(token))
                .filter(r -> r.usableAt(now))
                .orElseThrow(InvalidResetTokenException::new);
        resets.useAll(reset.userId(), now);
        return new Done(reset.userId(), commands.resetPassword(reset.userId(), passwordHash, traceId));
    }

    @Override
    public String choreName() {
        return "password reset rows expired over a day ago";
    }

    @Override
    public int runChore() {
        return forgetExpired();
    }

    /** Deletes reset rows that expired more than a day ago, used or not; returns how many. */
    int forgetExpired() {
        return resets.deleteExpiredBefore(clock.instant().minus(java.time.Duration.ofDays(1)));
    }
}
