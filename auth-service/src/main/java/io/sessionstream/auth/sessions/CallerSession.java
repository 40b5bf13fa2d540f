package io.sessionstream.auth.sessions;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.sessionstream.auth.web.ApiException;
import io.sessionstream.client.SessionPrincipal;
import io.sessionstream.client.SessionValidator;
import io.sessionstream.client.Validation;
import jakarta.inject.Singleton;

/**
 * The session of the caller, validated by session-client exactly as every app instance does:
 * 401 {@code unauthenticated} without a valid one, 503 {@code store_unavailable} if Redis cannot
 * be asked (fail closed).
 */
@Singleton
public class CallerSession {

    private final SessionValidator validator;

    CallerSession(SessionValidator validator) {
        this.validator = validator;
    }

    /** The caller's session, or an {@link ApiException} (401 or 503). */
    public SessionPrincipal require(HttpRequest<?> request) {
        Validation validation = validator.validate(request);
        if (validation instanceof Validation.Admitted admitted) {
            return admitted.principal();
        }
        if (validation instanceof Validation.Unavailable) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "store_unavailable",
                    "The session store is unreachable; retry shortly", 1);
        }
        throw unauthenticated();
    }

    static ApiException unauthenticated() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "unauthenticated", "No valid session");
    }
}
