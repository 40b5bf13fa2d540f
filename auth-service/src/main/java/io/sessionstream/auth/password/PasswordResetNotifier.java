package io.sessionstream.auth.password;

import java.time.Instant;
import java.util.UUID;

/**
 * Delivers a password reset token to the owner of an email address. A deployment provides its
 * own bean (mail, SMS, ...); the default only logs that a reset was requested (never the token),
 * and the dev mailbox ({@code sessionstream.auth.dev-mailbox=true}) keeps messages readable for
 * local runs and tests.
 */
public interface PasswordResetNotifier {

    /**
     * Sends the token. Called only for registered addresses; must not throw for delivery
     * problems the requester could observe (the answer is the same either way).
     */
    void sendResetToken(UUID userId, String email, String token, Instant expiresAt);
}
