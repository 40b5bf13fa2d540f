package io.sessionstream.demo;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Micronaut Security's rejections in app-demo's error shape: 401 {@code unauthenticated} (no
 * valid session) or 403 {@code forbidden} (a session without the role), never a redirect, never
 * cached. Replaces the default handler, whose body is Micronaut's generic error document.
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
class RejectionHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    private final String instance;

    RejectionHandler(DemoConfiguration config) {
        this.instance = config.instanceId();
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        ErrorBody body = exception.isForbidden()
                ? new ErrorBody("forbidden", "This session may not do that", instance)
                : new ErrorBody("unauthenticated", "No valid session", instance);
        return HttpResponse.status(exception.isForbidden() ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(body);
    }
}
