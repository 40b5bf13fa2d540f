package io.sessionstream.auth.password;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default notifier: says in the log that nothing was sent. Never logs the token. */
@Singleton
@Secondary
class LoggingResetNotifier implements PasswordResetNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingResetNotifier.class);

    @Override
    public void sendResetToken(UUID userId, String email, String token, Instant expiresAt) {
        LOG.warn("Password reset requested for user {}, but no PasswordResetNotifier is configured: nothing was sent"
                + " (set sessionstream.auth.dev-mailbox=true for local runs)", userId);
    }
}
