package io.sessionstream.auth.sessions;

import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.sessionstream.auth.AuthConfiguration;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The session cookie: {@code HttpOnly}, {@code SameSite=Lax}, {@code Path=/}; with
 * {@code cookie-secure} also {@code Secure} and the {@code __Host-} prefix (which pins it to
 * this host, https only).
 */
@Singleton
class SessionCookies {

    private final String name;
    private final boolean secure;

    SessionCookies(AuthConfiguration config) {
        this.secure = config.cookieSecure();
        this.name = secure ? "__Host-" + config.cookieName() : config.cookieName();
    }

    Cookie issue(String token, Duration maxAge) {
        return base(token).maxAge(maxAge);
    }

    Cookie clear() {
        return base("").maxAge(0);
    }

    private Cookie base(String value) {
        return Cookie.of(name, value).httpOnly(true).sameSite(SameSite.Lax).path("/").secure(secure);
    }
}
