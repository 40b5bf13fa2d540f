package io.sessionstream.auth.users;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sessionstream.auth.limits.RateLimits;
import io.sessionstream.auth.web.ApiDoc;
import io.sessionstream.auth.web.ApiError;
import io.sessionstream.auth.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;

/** {@code POST /api/users}: registration. */
@Controller("/api/users")
@Tag(name = "users", description = "Registration")
@ExecuteOn(TaskExecutors.BLOCKING)
class UsersController {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final RateLimits limits;
    private final HttpClientAddressResolver addresses;
    private final Clock clock;

    UsersController(UserRepository users, PasswordHasher hasher, RateLimits limits, HttpClientAddressResolver addresses,
                    Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.limits = limits;
        this.addresses = addresses;
        this.clock = clock;
    }

    /** Registers a user: 201 with the user, 409 if the email is taken, 400 for invalid input. */
    @Post
    @Operation(summary = "Register a user")
    @ApiResponse(responseCode = "201", description = "the new user", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", description = "`email_taken`",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiDoc.JsonBody
    @ApiDoc.OriginChecked
    HttpResponse<UserView> register(HttpRequest<?> http, @Body @Valid RegistrationRequest request) {
        limits.take("too_many_requests", "Too many registrations from this address; retry after the time given in "
                + "Retry-After", limits.signups(addresses.resolve(http)));
        String email = request.email().trim().toLowerCase(Locale.ROOT);
        if (users.findByEmail(email).isPresent()) {
            throw new ApiException(HttpStatus.CONFLICT, "email_taken", "A user with this email already exists");
        }
        User user = new User(UUID.randomUUID(), email, hasher.hash(request.password()), clock.instant(),
                User.DEFAULT_ROLES);
        try {
            users.save(user);
        } catch (io.micronaut.data.exceptions.DataAccessException e) {
            // Lost a race with a concurrent registration of the same email (unique constraint).
            throw new ApiException(HttpStatus.CONFLICT, "email_taken", "A user with this email already exists");
        }
        return HttpResponse.created(UserView.of(user));
    }
}
