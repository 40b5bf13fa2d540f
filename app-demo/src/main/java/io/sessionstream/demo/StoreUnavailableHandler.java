package io.sessionstream.demo;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.sessionstream.client.SessionStoreUnavailableException;
import jakarta.inject.Singleton;

/**
 * A session that cannot be checked (Redis unreachable, session not in a trusted near cache):
 * 503 with a retry hint in app-demo's error shape. Takes the place of session-client's default
 * handler, which is secondary.
 */
@Singleton
class StoreUnavailableHandler implements ExceptionHandler<SessionStoreUnavailableException, MutableHttpResponse<?>> {

    private final String instance;

    StoreUnavailableHandler(DemoConfiguration config) {
        this.instance = config.instanceId();
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, SessionStoreUnavailableException exception) {
        return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new ErrorBody("store_unavailable", "The session store is unreachable; retry shortly", instance));
    }
}
