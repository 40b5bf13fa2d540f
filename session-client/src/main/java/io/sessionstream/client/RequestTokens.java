package io.sessionstream.client;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;

/**
 * Where a request carries its session token, read the same way by every validator: an
 * {@code Authorization: Bearer <token>} header first, else the session cookie, the
 * {@code __Host-}-prefixed name (secure deployments) before the plain one (plain-http localhost).
 */
public final class RequestTokens {

    private static final String BEARER = "Bearer ";

    private RequestTokens() {
    }

    /** The request's token, or {@code null} if it carries none. */
    public static String of(HttpRequest<?> request, String cookieName) {
        String auth = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return auth.substring(BEARER.length()).trim();
        }
        return request.getCookies().findCookie("__Host-" + cookieName)
                .or(() -> request.getCookies().findCookie(cookieName))
                .map(Cookie::getValue).orElse(null);
    }
}
