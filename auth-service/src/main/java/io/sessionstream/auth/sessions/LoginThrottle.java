package io.sessionstream.auth.sessions;

import io.sessionstream.auth.limits.RateLimits;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.UUID;

/**
 * Limits <em>failed</em> password checks (login, and the current password of a password change). The token is
 * taken before the password is verified — so eight concurrent guesses against a limit of five get three 429s,
 * never eight verifications — and given back when the password was right, so heavy legitimate use is never
 * limited.
 *
 * <p>Which buckets a check uses depends on where it comes from (OWASP's device cookies):
 * <ul>
 *   <li>from a browser that has signed in to the account before and holds that account's device cookie
 *       ({@link TrustedDevices}): only that device's own bucket of the account. Failures from anywhere else
 *       cannot lock the owner's own browsers out;</li>
 *   <li>from anywhere else: the account's bucket and the client address's bucket, both. Unknown emails count
 *       exactly like wrong passwords.</li>
 * </ul>
 * An empty bucket answers 429 {@code too_many_attempts} with {@code Retry-After}, even for the right password.
 */
@Singleton
public class LoginThrottle {

    static final String CODE = "too_many_attempts";
    static final String MESSAGE = "Too many failed login attempts; retry after the time given in Retry-After";

    private final RateLimits limits;
    private final TrustedDevices devices;

    LoginThrottle(RateLimits limits, TrustedDevices devices) {
        this.limits = limits;
        this.devices = devices;
    }

    /**
     * Takes the token of one password check of the account {@code email} ({@code userId} if it exists) from
     * {@code clientAddress}, whose browser sent {@code deviceToken} (or none): the device's own bucket if it is a
     * trusted device of that account, else the account's and the address's. Throws
     * {@link io.sessionstream.auth.limits.RateLimitedException} if a bucket is empty.
     */
    RateLimits.Taken begin(String email, @Nullable UUID userId, String clientAddress, @Nullable String deviceToken) {
        String token = TrustedDevices.tokenOf(deviceToken);
        if (userId != null && devices.trusted(token, userId)) {
            return limits.take(CODE, MESSAGE, limits.deviceFailures(TrustedDevices.keyOf(token, userId)));
        }
        return limits.take(CODE, MESSAGE, limits.accountFailures(email), limits.addressFailures(clientAddress));
    }
}
