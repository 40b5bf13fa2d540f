package io.sessionstream.auth.sessions;

import io.sessionstream.auth.limits.RateLimits;
import jakarta.inject.Singleton;

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

    LoginThrottle(RateLimits limits) {
        this.limits = limits;
    }

    /** Before verifying a password of this account from a browser it does not trust. */
    public RateLimits.Taken begin(String email, String clientAddress) {
        return limits.take(CODE, MESSAGE, limits.accountFailures(email), limits.addressFailures(clientAddress));
    }

    /** Before verifying a password of the account from one of its trusted devices ({@link TrustedDevices#keyOf}). */
    public RateLimits.Taken beginOnTrustedDevice(String deviceKey) {
        return limits.take(CODE, MESSAGE, limits.deviceFailures(deviceKey));
    }
}
