package io.sessionstream.auth.sessions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The cookies the auth-service sets, all {@code HttpOnly} with {@code Path=/}; with {@code cookie-secure} also
 * {@code Secure} and the {@code __Host-} prefix (which pins them to this host, https only):
 * <ul>
 *   <li>the session cookie ({@code cookie-name}, {@code SameSite=Lax});</li>
 *   <li>the device cookie ({@code <cookie-name>_device}, {@code SameSite=Strict}): see {@link TrustedDevices}.</li>
 * </ul>
 */
@Singleton
public class SessionCookies {

    private final String name;
    private final String deviceName;
    private final boolean secure;

    SessionCookies(CookieConfiguration config) {
        this.secure = config.cookieSecure();
        String prefix = secure ? "__Host-" : "";
        this.name = prefix + config.cookieName();
        this.deviceName = prefix + config.cookieName() + "_device";
    }

    /** The session cookie for a token. */
    public Cookie issue(String token, Duration maxAge) {
        return base(name, token).sameSite(SameSite.Lax).maxAge(maxAge);
    }

    /** A cookie that clears the session cookie. */
    public Cookie clear() {
        return base(name, "").sameSite(SameSite.Lax).maxAge(0);
    }

    Cookie device(String token, Duration maxAge) {
        return base(deviceName, token).sameSite(SameSite.Strict).maxAge(maxAge);
    }

    /** The device token the request carries, or null. */
    @Nullable
    String deviceToken(HttpRequest<?> request) {
        return request.getCookies().findCookie(deviceName).map(Cookie::getValue).orElse(null);
    }

    private Cookie base(String cookieName, String value) {
        return Cookie.of(cookieName, value).httpOnly(true).path("/").secure(secure);
    }
}
