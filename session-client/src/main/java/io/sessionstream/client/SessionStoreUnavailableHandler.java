package io.sessionstream.client;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Answers {@link SessionStoreUnavailableException} with 503 {@code store_unavailable} in the {@link ErrorResponse}
 * shape, and a retry hint. Secondary: an
 * application's own handler for the same exception wins.
 */
@Singleton
@Secondary
@Requires(classes = ExceptionHandler.class)
@Requires(property = SessionAuthentication.ENABLED_PROPERTY, notEquals = "false", defaultValue = "true")
class SessionStoreUnavailableHandler implements ExceptionHandler<SessionStoreUnavailableException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, SessionStoreUnavailableException exception) {
        return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new ErrorResponse("store_unavailable", "The session store is unreachable; retry shortly"));
    }
}
