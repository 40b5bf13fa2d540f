package io.sessionstream.auth;

/**
 * The auth-service's settings live under {@value #PREFIX}, each feature in a record of its own:
 * {@code sessions.SessionConfiguration} (lifetimes, the projection wait), {@code sessions.CookieConfiguration},
 * {@code outbox.OutboxConfiguration}, {@code users.Argon2Configuration}, {@code users.HashingConfiguration},
 * {@code password.ResetConfiguration}, {@code limits.RateLimitConfiguration}, {@code mail.MailConfiguration},
 * {@code web.CsrfConfiguration}.
 */
public final class AuthConfiguration {

    /** The configuration prefix of every auth-service setting. */
    public static final String PREFIX = "sessionstream.auth";

    private AuthConfiguration() {
    }
}
