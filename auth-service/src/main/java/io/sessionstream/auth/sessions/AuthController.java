package io.sessionstream.auth.sessions;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.core.annotation.Nullable;
import io.sessionstream.auth.Refusal;
import io.sessionstream.auth.users.User;
import io.sessionstream.auth.users.UserRepository;
import io.sessionstream.auth.web.ApiDoc;
import io.sessionstream.auth.web.ApiError;
import io.sessionstream.client.SessionPrincipal;
import io.sessionstream.client.TraceIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/** {@code /api/auth}: login, logout and who am I. */
@Controller("/api/auth")
@Tag(name = "login", description = "Log in, log out, who am I")
@ExecuteOn(TaskExecutors.BLOCKING)
class AuthController {


    private final Logins logins;
    private final SessionRevocations revocations;
    private final UserRepository users;
    private final CallerSession caller;
    private final TrustedDevices devices;
    private final SessionCookies cookies;
    private final HttpClientAddressResolver addresses;
    private final Duration absoluteLifetime;

    AuthController(Logins logins, SessionRevocations revocations, UserRepository users, CallerSession caller,
                   TrustedDevices devices, SessionCookies cookies, HttpClientAddressResolver addresses,
                   SessionConfiguration config) {
        this.logins = logins;
        this.revocations = revocations;
        this.users = users;
        this.caller = caller;
        this.devices = devices;
        this.cookies = cookies;
        this.addresses = addresses;
        this.absoluteLifetime = config.absoluteLifetime();
    }

    /**
     * Logs in: 200 with a new session (never a reused one) once it is visible in Redis; the session the browser's
     * cookie still held, if any, ends; 401 {@code invalid_credentials} alike for an unknown email and a wrong
     * password; 429 {@code too_many_attempts} without verifying the password after too many failures
     * ({@link LoginThrottle}); 503 if the projection does not show the session within the bound.
     */
    @Post("/login")
    @Operation(summary = "Log in: a new session, as a token and an HttpOnly cookie")
    @ApiResponse(responseCode = "200", description = "the new session, once it is in Redis; also set as the session "
            + "cookie, with the device cookie that keeps this browser out of lockouts caused elsewhere. A session the "
            + "browser's cookie still held ends")
    @ApiResponse(responseCode = "401", description = "`invalid_credentials`, alike for an unknown email and a wrong password",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiDoc.JsonBody
    @ApiDoc.OriginChecked
    @ApiDoc.Throttled
    @ApiDoc.RetryLater
    HttpResponse<LoginResponse> login(HttpRequest<?> request, @Body @Valid LoginRequest body,
                                      @Nullable @Header("User-Agent") String userAgent) {
        Logins.Attempt attempt = new Logins.Attempt(body.email().trim().toLowerCase(Locale.ROOT), body.password(),
                addresses.resolve(request), userAgent, devices.tokenOf(request), caller.ofCookie(request).orElse(null),
                TraceIds.of(request));
        Logins.LoggedIn done = logins.login(attempt);
        return HttpResponse.ok(LoginResponse.of(done.session(), done.token()))
                .cookie(cookies.issue(done.token().value(), absoluteLifetime))
                .cookie(devices.cookie(done.deviceToken()));
    }

    /**
     * Logs out the calling session: 204 once it is gone from Redis and the revocation broadcast
     * has been applied by every live instance (receipts); 401 if there is no valid session.
     */
    @Post("/logout")
    @Operation(summary = "Log out this session")
    @ApiResponse(responseCode = "204", description = "gone from Redis and every live instance has applied it; the cookie is cleared")
    @ApiDoc.SessionRequired
    @ApiDoc.OriginChecked
    @ApiDoc.RetryLater
    HttpResponse<Void> logout(HttpRequest<?> request) {
        revocations.logout(caller.require(request), TraceIds.of(request));
        return HttpResponse.<Void>noContent().cookie(cookies.clear());
    }

    /**
     * Logs out every session of the caller, this one included: 204 once they are gone from Redis
     * and the user-wide revocation has been applied by every live instance (receipts).
     */
    @Post("/logout-everywhere")
    @Operation(summary = "Log out every session of the caller, this one included")
    @ApiResponse(responseCode = "204", description = "all gone from Redis and every live instance has applied it; the cookie is cleared")
    @ApiDoc.SessionRequired
    @ApiDoc.OriginChecked
    @ApiDoc.RetryLater
    HttpResponse<Void> logoutEverywhere(HttpRequest<?> request) {
        revocations.logoutEverywhere(caller.require(request), TraceIds.of(request));
        return HttpResponse.<Void>noContent().cookie(cookies.clear());
    }

    /** The calling user and session; 401 if none. */
    @Get("/me")
    @Operation(summary = "The calling user and session")
    @ApiResponse(responseCode = "200", description = "the caller")
    @ApiDoc.SessionRequired
    @ApiDoc.RetryLater
    MeResponse me(HttpRequest<?> request) {
        SessionPrincipal principal = caller.require(request);
        User user = users.findById(UUID.fromString(principal.userId())).orElseThrow(Refusal::unauthenticated);
        return new MeResponse(principal.userId(), user.email(), principal.sessionId(), principal.createdAt(),
                principal.absoluteExpiry());
    }
}
