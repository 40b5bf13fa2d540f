package io.sessionstream.auth.sessions;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.sessionstream.auth.Refusal;
import io.sessionstream.client.SessionPrincipal;
import io.sessionstream.client.SessionValidator;
import io.sessionstream.client.Validation;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The session of the caller, validated by session-client exactly as every app instance does:
 * {@code unauthenticated} without a valid one, {@code store_unavailable} if Redis cannot be asked (fail closed).
 */
@Singleton
public class CallerSession {

    private final SessionValidator validator;
    private final String cookieName;

    CallerSession(SessionValidator validator, CookieConfiguration config) {
        this.validator = validator;
        this.cookieName = config.cookieName();
    }

    /**
     * The live session of the request's session cookie, if it carries one (a bearer token is not looked at): the
     * session a browser is about to replace by signing in again. Empty if there is none, it is not valid, or Redis
     * cannot tell.
     */
    public Optional<SessionPrincipal> ofCookie(HttpRequest<?> request) {
        Optional<String> token = request.getCookies().findCookie("__Host-" + cookieName)
                .or(() -> request.getCookies().findCookie(cookieName)).map(Cookie::getValue);
        if (token.isEmpty() || token.get().isEmpty()) {
            return Optional.empty();
        }
        return validator.validate(token.get()) instanceof Validation.Admitted admitted
                ? Optional.of(admitted.principal()) : Optional.empty();
    }

    /** The caller's session, or a {@link Refusal} (unauthenticated, or the store unavailable). */
    public SessionPrincipal require(HttpRequest<?> request) {
        Validation validation = validator.validate(request);
        if (validation instanceof Validation.Admitted admitted) {
            return admitted.principal();
        }
        if (validation instanceof Validation.Unavailable) {
            throw Refusal.storeUnavailable("The session store is unreachable; retry shortly");
        }
        throw unauthenticated();
    }

    static Refusal unauthenticated() {
        return Refusal.unauthenticated();
    }
}
