package io.sessionstream.auth.mail;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.UUID;

/** The default {@link AccountNotifier}: mail over SMTP, queued so that the caller never waits for it. */
@Singleton
@Secondary
class SmtpAccountNotifier implements AccountNotifier {

    private final MailMessages messages;
    private final MailQueue queue;

    SmtpAccountNotifier(MailMessages messages, MailQueue queue) {
        this.messages = messages;
        this.queue = queue;
    }

    @Override
    public void passwordReset(UUID userId, String email, String token, Instant expiresAt) {
        queue.send(MailKind.PASSWORD_RESET, messages.passwordReset(email, token, expiresAt));
    }

    @Override
    public void signUpAttempted(String email) {
        queue.send(MailKind.SIGN_UP_ATTEMPTED, messages.signUpAttempted(email));
    }
}
