package io.sessionstream.auth.sessions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.sessionstream.auth.Housekeeping;
import io.sessionstream.auth.limits.RateLimitConfiguration;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a browser that signed in to
 * an account successfully gets a random device token in an {@code HttpOnly}, {@code SameSite=Strict} cookie
 * ({@link SessionCookies#device}), and the pair (token, account) is recorded in {@code trusted_devices} (only its
 * hash). A later login of that account from that browser counts its failures in the device's own bucket
 * ({@link LoginThrottle}), so an attacker who keeps the account's bucket empty from elsewhere does not lock the
 * owner out of the browsers they already use. One browser keeps one token for every account it signs in to.
 * The token grants nothing but that bucket: it is no credential.
 */
@Singleton
public class TrustedDevices implements Housekeeping.Chore {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final TrustedDeviceRepository devices;
    private final SessionCookies cookies;
    private final Duration lifetime;
    private final Clock clock;

    TrustedDevices(TrustedDeviceRepository devices, SessionCookies cookies, RateLimitConfiguration config, Clock clock) {
        this.devices = devices;
        this.cookies = cookies;
        this.lifetime = config.trustedDeviceLifetime();
        this.clock = clock;
    }

    /** The device token the request carries, if it is well-formed; null otherwise. */
    @Nullable
    public String tokenOf(HttpRequest<?> request) {
        return tokenOf(cookies.deviceToken(request));
    }

    /** The token if it is well-formed; null otherwise. */
    @Nullable
    static String tokenOf(@Nullable String token) {
        return token != null && TOKEN.matcher(token).matches() ? token : null;
    }

    /** The key of (token, user): what the device's bucket and its row are named by. */
    static String keyOf(String token, UUID userId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((token + ":" + userId).getBytes(StandardCharsets.UTF_8));
            return B64.encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JRE", e);
        }
    }

    /** Whether the token belongs to a browser that signed in to the user's account within the lifetime. */
    boolean trusted(@Nullable String token, UUID userId) {
        return token != null && devices.isTrusted(keyOf(token, userId), userId, clock.instant().minus(lifetime));
    }

    /** Records a successful sign-in from the browser with its token, or a new one; returns the token to set. */
    String signedIn(@Nullable String token, UUID userId) {
        String t = token != null ? token : newToken();
        devices.signedIn(keyOf(t, userId), userId, clock.instant());
        return t;
    }

    /** The device cookie to set after a sign-in. */
    Cookie cookie(String token) {
        return cookies.device(token, lifetime);
    }

    @Override
    public String choreName() {
        return "trusted devices unused for the trusted-device lifetime";
    }

    @Override
    public int runChore() {
        return forgetUnused();
    }

    /** Forgets devices not used within the lifetime; returns how many. */
    int forgetUnused() {
        return devices.deleteUnusedSince(clock.instant().minus(lifetime));
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }
}
