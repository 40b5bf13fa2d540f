package io.sessionstream.demo;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.sse.Event;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.sessionstream.client.SessionPush;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;

/**
 * {@code GET /api/session/events}: the pages' push channel (session-client's {@link SessionPush}). Anonymous: it
 * validates the session of the cookie itself, and must reach a page whose session has just ended.
 */
@Controller("/api/session")
@Tag(name = "session", description = "Tells open pages when their session ends")
class SessionEventsController {

    private final SessionPush push;

    SessionEventsController(SessionPush push) {
        this.push = push;
    }

    @Get(value = "/events", produces = MediaType.TEXT_EVENT_STREAM)
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Operation(summary = "Server-sent events for the session of the cookie: `session` once registered, then "
            + "`signed-out` with the reason the moment it is revoked or expires")
    @ApiResponse(responseCode = "200", description = "the event stream; a session already gone is told at once")
    HttpResponse<Flux<Event<Object>>> events(HttpRequest<?> request) {
        return push.events(request);
    }
}
