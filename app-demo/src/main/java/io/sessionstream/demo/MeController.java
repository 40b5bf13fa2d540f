package io.sessionstream.demo;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.sessionstream.client.SessionAuthentication;

/**
 * {@code GET /api/me}: who is calling, as session-client's Micronaut Security integration
 * authenticated them, and which instance answered. Without a valid session the request never
 * gets here: {@link RejectionHandler} answers 401, {@link StoreUnavailableHandler} 503.
 */
@Controller("/api/me")
@Secured(SecurityRule.IS_AUTHENTICATED)
class MeController {

    /** Answer of {@code /api/me}. */
    @Serdeable
    record Me(String userId, String sessionId, String instance) {
    }

    private final String instance;

    MeController(DemoConfiguration config) {
        this.instance = config.instanceId();
    }

    @Get
    HttpResponse<Me> me(Authentication authentication) {
        String sessionId = (String) authentication.getAttributes().get(SessionAuthentication.SESSION_ID);
        return HttpResponse.ok(new Me(authentication.getName(), sessionId, instance))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
