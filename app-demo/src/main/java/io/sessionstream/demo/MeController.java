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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code GET /api/me}: who is calling, as session-client's Micronaut Security integration
 * authenticated them, and which instance answered. Without a valid session the request never
 * gets here: {@link RejectionHandler} answers 401, {@link StoreUnavailableHandler} 503.
 */
@Controller("/api/me")
@Secured(SecurityRule.IS_AUTHENTICATED)
@Tag(name = "app", description = "This instance's own routes")
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
    @Operation(summary = "The calling session as this instance sees it, and which instance answered")
    @SecurityRequirement(name = AppDemoApplication.BEARER)
    @SecurityRequirement(name = AppDemoApplication.COOKIE)
    @ApiResponse(responseCode = "200", description = "the caller", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "401", description = "`unauthenticated`: no valid session (revoked, expired, garbage)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "503", description = "`store_unavailable`: Redis does not answer and the session is not "
            + "in a trusted near cache (fail closed); retry after `Retry-After`",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")),
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    HttpResponse<Me> me(Authentication authentication) {
        String sessionId = (String) authentication.getAttributes().get(SessionAuthentication.SESSION_ID);
        return HttpResponse.ok(new Me(authentication.getName(), sessionId, instance))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
