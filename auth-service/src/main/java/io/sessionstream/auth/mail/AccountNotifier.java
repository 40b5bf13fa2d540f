package io.sessionstream.auth.mail;

import java.time.Instant;
import java.util.UUID;

/**
 * Tells the owner of an address about their account. The default mails it over SMTP
 * ({@code javamail.*} and {@code sessionstream.auth.mail.*}); a deployment with its own delivery (a mail API,
 * SMS, ...) provides its own {@code AccountNotifier} bean, which takes precedence.
 *
 * <p>Both methods return at once, whatever happens to the message: delivery is asynchronous and its
 * failures are the implementation's to log and count, never the caller's. An HTTP answer therefore takes the
 * same time whether or not a message was sent, and a requester learns nothing from it. No implementation may
 * log a reset token or link.
 */
public interface AccountNotifier {

    /**
     * Sends the reset link for {@code token} to a registered address. The link works once, until
     * {@code expiresAt}.
     */
    void passwordReset(UUID userId, String email, String token, Instant expiresAt);

    /**
     * Tells the owner of an already registered address that someone tried to create an account with it
     * (call it instead of answering the sign-up with "address taken"). It holds no secret.
     */
    void signUpAttempted(String email);
}
