package io.sessionstream.auth.web;

import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The refusals many operations share, each written once for the generated OpenAPI spec and put on
 * an operation as one meta-annotation, so that the controllers list only what is theirs.
 */
public final class ApiDoc {

    /** The security schemes of {@code @SecurityScheme} on the application class. */
    public static final String BEARER = "bearer";
    public static final String COOKIE = "cookie";

    private ApiDoc() {
    }

    /** Needs the caller's session, as a bearer token or the session cookie: 401 without a valid one. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @SecurityRequirement(name = BEARER)
    @SecurityRequirement(name = COOKIE)
    @ApiResponse(responseCode = "401", description = "`unauthenticated`: no valid session",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public @interface SessionRequired {
    }

    /**
     * Reads Redis or waits for the projection, and fails closed: 503 {@code store_unavailable} if
     * Redis does not answer, {@code projection_pending} if a committed change is not visible within
     * {@code projection-wait}.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "503", description = "`store_unavailable` (Redis does not answer) or `projection_pending` "
            + "(committed, not yet visible everywhere); retry after `Retry-After`",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")),
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public @interface RetryLater {
    }

    /** Counts failed password checks (login, password change): 429 past the limit, even for the right password. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "429", description = "`too_many_attempts` for this account or address; "
            + "retry after `Retry-After`",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")),
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public @interface Throttled {
    }

    /**
     * A state-changing request, checked by {@link OriginCheckFilter}: 403 {@code cross_origin} from
     * another origin, or with the session cookie but neither {@code Origin} nor {@code Referer}.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "403", description = "`cross_origin`: sent from another origin, or cookie-authenticated "
            + "without `Origin`/`Referer`", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public @interface OriginChecked {
    }

    /** Takes a JSON body: 400 if it is malformed or invalid, 413 if it is over 16 KiB. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "400", description = "malformed JSON or an invalid field")
    @ApiResponse(responseCode = "413", description = "body over 16 KiB")
    public @interface JsonBody {
    }
}
