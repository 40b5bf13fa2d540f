package io.sessionstream.auth.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.sessionstream.auth.Refusal;
import jakarta.inject.Singleton;

/**
 * The one place a domain {@link Refusal} becomes HTTP: its kind is the status, its code and message the
 * {@link ApiError} body, its retry time {@code Retry-After}.
 */
@Produces
@Singleton
@Requires(classes = ExceptionHandler.class)
class RefusalHandler implements ExceptionHandler<Refusal, HttpResponse<ApiError>> {

    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, Refusal refusal) {
        MutableHttpResponse<ApiError> response = HttpResponse.<ApiError>status(status(refusal.kind()))
                .body(new ApiError(refusal.code(), refusal.getMessage()));
        if (refusal.retryAfterSeconds() != null) {
            response.header("Retry-After", String.valueOf(refusal.retryAfterSeconds()));
        }
        return response;
    }

    static HttpStatus status(Refusal.Kind kind) {
        return switch (kind) {
            case UNAUTHENTICATED, INVALID_CREDENTIALS -> HttpStatus.UNAUTHORIZED;
            case WRONG_PASSWORD -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case INVALID_RESET_TOKEN -> HttpStatus.BAD_REQUEST;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case BUSY, STORE_UNAVAILABLE, PROJECTION_PENDING -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }
}
