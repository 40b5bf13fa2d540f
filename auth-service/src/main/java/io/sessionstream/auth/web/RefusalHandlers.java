package io.sessionstream.auth.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.sessionstream.auth.limits.LimitStoreUnavailableException;
import io.sessionstream.auth.limits.RateLimitedException;
import io.sessionstream.auth.users.HashingBusyException;
import jakarta.inject.Singleton;

/** The HTTP answers of the domain's refusals, each an {@link ApiError} with {@code Retry-After}. */
final class RefusalHandlers {

    private RefusalHandlers() {
    }

    static HttpResponse<ApiError> answer(HttpStatus status, String code, String message, int retryAfterSeconds) {
        return HttpResponse.<ApiError>status(status).body(new ApiError(code, message))
                .header("Retry-After", String.valueOf(retryAfterSeconds));
    }

    /** 429 with the limit's code. */
    @Produces
    @Singleton
    @Requires(classes = ExceptionHandler.class)
    static class RateLimited implements ExceptionHandler<RateLimitedException, HttpResponse<ApiError>> {
        @Override
        public HttpResponse<ApiError> handle(HttpRequest request, RateLimitedException e) {
            return answer(HttpStatus.TOO_MANY_REQUESTS, e.code(), e.getMessage(), e.retryAfterSeconds());
        }
    }

    /** 503 {@code store_unavailable}: the limits cannot be checked, so nothing passes. */
    @Produces
    @Singleton
    @Requires(classes = ExceptionHandler.class)
    static class LimitStoreUnavailable implements ExceptionHandler<LimitStoreUnavailableException, HttpResponse<ApiError>> {
        @Override
        public HttpResponse<ApiError> handle(HttpRequest request, LimitStoreUnavailableException e) {
            return answer(HttpStatus.SERVICE_UNAVAILABLE, "store_unavailable",
                    "The rate-limit store is unreachable; retry shortly", 1);
        }
    }

    /** 503 {@code busy}: the password hashing bulkhead is full. */
    @Produces
    @Singleton
    @Requires(classes = ExceptionHandler.class)
    static class HashingBusy implements ExceptionHandler<HashingBusyException, HttpResponse<ApiError>> {
        @Override
        public HttpResponse<ApiError> handle(HttpRequest request, HashingBusyException e) {
            return answer(HttpStatus.SERVICE_UNAVAILABLE, "busy", e.getMessage(), 1);
        }
    }
}
