package io.sessionstream.auth.sessions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * The auth-service's counters, each counted once the change has committed:
 * <ul>
 *   <li>{@code sessionstream.auth.logins}, tag {@code outcome}: {@code success}, {@code invalid_credentials},
 *       {@code throttled};</li>
 *   <li>{@code sessionstream.auth.logouts}: logout requests that ended a session;</li>
 *   <li>{@code sessionstream.auth.revocations}, tag {@code reason} ({@code logout}, {@code revoked_by_user},
 *       {@code revoke_others}, {@code logout_everywhere}, {@code password_changed}, {@code password_reset}):
 *       sessions revoked;</li>
 *   <li>{@code sessionstream.auth.expirations}, tag {@code reason} ({@code idle_expired}, {@code absolute_expired}):
 *       sessions ended by the expiry sweep, each with its {@code SessionExpired}.</li>
 * </ul>
 */
@Singleton
public class AuthMeters {

    private final MeterRegistry registry;

    AuthMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void login(String outcome) {
        Counter.builder("sessionstream.auth.logins").description("Login attempts by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    void logout() {
        Counter.builder("sessionstream.auth.logouts").description("Logouts that ended a session")
                .register(registry).increment();
    }

    /** {@code sessions} sessions were revoked for {@code reason}. */
    public void revoked(String reason, int sessions) {
        if (sessions > 0) {
            Counter.builder("sessionstream.auth.revocations").description("Sessions revoked, by reason")
                    .tag("reason", reason).register(registry).increment(sessions);
        }
    }

    /** A session was ended by expiry, for {@code reason}. */
    void expired(String reason) {
        Counter.builder("sessionstream.auth.expirations").description("Sessions ended by expiry, by reason")
                .tag("reason", reason).register(registry).increment();
    }
}
