package io.sessionstream.demo;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.sessionstream.client.SessionPrincipal;
import io.sessionstream.client.SessionValidator;
import io.sessionstream.client.Validation;

/** {@code GET /api/me}: who is calling, validated by session-client, and which instance answered. */
@Controller("/api/me")
@ExecuteOn(TaskExecutors.BLOCKING)
class MeController {

    /** Answer of {@code /api/me}. */
    @Serdeable
    record Me(String userId, String sessionId, String instance) {
    }

    private final SessionValidator validator;
    private final String instance;

    MeController(SessionValidator validator, DemoConfiguration config) {
        this.validator = validator;
        this.instance = config.instanceId();
    }

    @Get
    HttpResponse<?> me(HttpRequest<?> request) {
        Validation validation = validator.validate(request);
        HttpResponse<?> response;
        if (validation instanceof Validation.Admitted admitted) {
            SessionPrincipal p = admitted.principal();
            response = HttpResponse.ok(new Me(p.userId(), p.sessionId(), instance));
        } else if (validation instanceof Validation.Unavailable) {
            response = HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                    .body(new ErrorBody("store_unavailable", "The session store is unreachable; retry shortly", instance));
        } else {
            response = HttpResponse.unauthorized().body(new ErrorBody("unauthenticated", "No valid session", instance));
        }
        return ((io.micronaut.http.MutableHttpResponse<?>) response).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
