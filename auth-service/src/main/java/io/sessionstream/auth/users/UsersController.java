package io.sessionstream.auth.users;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.sessionstream.auth.web.ApiDoc;
import io.sessionstream.auth.web.ApiError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

/** {@code POST /api/users}: registration. */
@Controller("/api/users")
@Tag(name = "users", description = "Registration")
@ExecuteOn(TaskExecutors.BLOCKING)
class UsersController {

    /** The one answer to a registration, whether the address was new or taken. */
    static final String ACCEPTED = "Check your mailbox if you already have an account with this address; otherwise "
            + "your account is ready and you can sign in.";

    private final Registrations registrations;
    private final HttpClientAddressResolver addresses;

    UsersController(Registrations registrations, HttpClientAddressResolver addresses) {
        this.registrations = registrations;
        this.addresses = addresses;
    }

    /**
     * Registers a user: 202 with the same answer whether the address was new (the account exists now) or taken
     * (its owner gets a mail instead, and the password is hashed all the same so the answer takes as long), so
     * sign-up tells nobody which addresses are registered; 400 for invalid input; 429 past the per-address limit.
     */
    @Post
    @Operation(summary = "Register a user")
    @ApiResponse(responseCode = "202", description = "the same answer for a new and a taken address: a new one is "
            + "registered, the owner of a taken one is mailed", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "429", description = "`too_many_requests` from this client address; retry after "
            + "`Retry-After`", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiDoc.JsonBody
    @ApiDoc.OriginChecked
    HttpResponse<Accepted> register(HttpRequest<?> http, @Body @Valid RegistrationRequest request) {
        registrations.register(request.email(), request.password(), addresses.resolve(http));
        return HttpResponse.accepted().body(new Accepted(ACCEPTED));
    }

    /** The answer to a registration. */
    @Serdeable
    record Accepted(String message) {
    }
}
