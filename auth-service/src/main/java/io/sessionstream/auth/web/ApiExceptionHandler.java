package io.sessionstream.auth.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers {@link ApiException}s with their status, an {@link ApiError} body and {@code Retry-After} if set. */
@Produces
@Singleton
@Requires(classes = {ApiException.class, ExceptionHandler.class})
class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<ApiError>> {

    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, ApiException exception) {
        MutableHttpResponse<ApiError> response = HttpResponse.<ApiError>status(exception.status())
                .body(new ApiError(exception.code(), exception.getMessage()));
        if (exception.retryAfterSeconds() != null) {
            response.header("Retry-After", String.valueOf(exception.retryAfterSeconds()));
        }
        return response;
    }
}
