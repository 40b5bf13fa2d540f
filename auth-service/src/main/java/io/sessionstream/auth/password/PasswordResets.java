package io.sessionstream.auth.password;

import io.sessionstream.auth.sessions.AuthMeters;
import io.sessionstream.auth.sessions.ProjectionWaiter;
import io.sessionstream.auth.users.PasswordHasher;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The password reset use case. A request issues a token and mails it if the address is registered, and does
 * the same visible nothing otherwise. A confirmation looks its token up before any password is hashed (a
 * garbage token costs one indexed read, not an Argon2 hash), then sets the password and revokes every session of
 * the user in one transaction, and returns once the revocation is visible everywhere.
 */
@Singleton
class PasswordResets {

    private static final Logger LOG = LoggerFactory.getLogger(PasswordResets.class);

    private final ResetTokens tokens;
    private final PasswordHasher hasher;
    private final ProjectionWaiter projection;
    private final AuthMeters meters;

    PasswordResets(ResetTokens tokens, PasswordHasher hasher, ProjectionWaiter projection, AuthMeters meters) {
        this.tokens = tokens;
        this.hasher = hasher;
        this.projection = projection;
        this.meters = meters;
    }

    /** See {@link ResetTokens#request}: returns at once, the same for any address, or refuses past the limits. */
    void request(String email, String clientAddress) {
        tokens.request(email, clientAddress);
    }

    /** Sets the new password with the token, or {@link InvalidResetTokenException}. */
    void confirm(String token, String newPassword, String traceId) {
        tokens.check(token);
        ResetTokens.Done done = tokens.use(token, hasher.hash(newPassword), traceId);
        meters.revoked("password_reset", done.revocation().revoked().size());
        projection.awaitUserRevoked(done.userId().toString(), done.revocation().notBefore(), done.revocation().revoked());
        LOG.info("User {} reset their password; {} sessions revoked", done.userId(), done.revocation().revoked().size());
    }
}
