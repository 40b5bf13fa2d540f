package io.sessionstream.client;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny application on the integration, as another team would write it. */
@Controller("/secured")
class SecuredTestController {

    /** How many orders the route has placed: a refused forgery must not have reached it. */
    static final AtomicInteger ORDERS_PLACED = new AtomicInteger();

    @Get("/me")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    Map<String, Object> me(Authentication authentication) {
        return describe(authentication);
    }

    @Get("/admin")
    @Secured({"admin"})
    Map<String, Object> admin(Authentication authentication) {
        return describe(authentication);
    }

    /** A state-changing route of the application's own, which a cookie may authenticate. */
    @Post(value = "/orders", consumes = {MediaType.APPLICATION_FORM_URLENCODED, MediaType.APPLICATION_JSON})
    @Secured(SecurityRule.IS_AUTHENTICATED)
    Map<String, Object> order(Authentication authentication) {
        ORDERS_PLACED.incrementAndGet();
        return Map.of("placedBy", authentication.getName());
    }

    @Get("/open")
    @Secured(SecurityRule.IS_ANONYMOUS)
    String open() {
        return "open";
    }

    private static Map<String, Object> describe(Authentication authentication) {
        return Map.of("userId", authentication.getName(),
                "roles", List.copyOf(authentication.getRoles()),
                "sessionId", authentication.getAttributes().get(SessionAuthentication.SESSION_ID),
                "createdAt", authentication.getAttributes().get(SessionAuthentication.CREATED_AT),
                "absoluteExpiry", authentication.getAttributes().get(SessionAuthentication.ABSOLUTE_EXPIRY),
                "idleExpiry", authentication.getAttributes().get(SessionAuthentication.IDLE_EXPIRY));
    }
}
