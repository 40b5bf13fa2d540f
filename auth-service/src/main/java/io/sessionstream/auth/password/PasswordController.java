package io.sessionstream.auth.password;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Header;
import io.sessionstream.auth.sessions.SessionConfiguration;
import io.sessionstream.auth.sessions.CallerSession;
import io.sessionstream.auth.sessions.LoginResponse;
import io.sessionstream.auth.sessions.PasswordChanges;
import io.sessionstream.auth.sessions.SessionCookies;
import io.sessionstream.auth.sessions.TrustedDevices;
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

/**
 * {@code /api/auth/password}: change (keeps the current session, revokes the others) and reset
 * (revokes all). Both answer once the revocation has reached Redis and this instance.
 */
@Controller("/api/auth")
@Tag(name = "password", description = "Change or reset the password; both end other sessions")
@ExecuteOn(TaskExecutors.BLOCKING)
class PasswordController {

    private static final String RESET_ANSWER =
            "If this address belongs to an account, a reset link has been mailed to it. It works once, for a short time.";

    private final CallerSession caller;
    private final PasswordChanges changes;
    private final PasswordResets resets;
    private final HttpClientAddressResolver addresses;
    private final TrustedDevices devices;
    private final SessionCookies cookies;
    private final Duration absoluteLifetime;

    PasswordController(CallerSession caller, PasswordChanges changes, PasswordResets resets,
                       HttpClientAddressResolver addresses, TrustedDevices devices, SessionCookies cookies,
                       SessionConfiguration config) {
        this.caller = caller;
        this.changes = changes;
        this.resets = resets;
        this.addresses = addresses;
        this.devices = devices;
        this.cookies = cookies;
        this.absoluteLifetime = config.absoluteLifetime();
    }

    /**
     * Changes the caller's password: 200 with the caller's renewed session (a new id and secret, also set as the
     * cookie) once every other session — the old one of this caller included — is revoked everywhere;
     * 403 {@code wrong_password} if the current one does not match; 429 once the account has used up its failed
     * attempts (shared with login).
     */
    @Post("/password")
    @Operation(summary = "Change my password; this device gets a renewed session, every other session ends")
    @ApiResponse(responseCode = "200", description = "changed: the caller's renewed session (as a login answers it, "
            + "also set as the session cookie); every other session, the caller's previous one included, revoked "
            + "everywhere")
    // One 403 for both causes: the origin check's cross_origin and this operation's own.
    @ApiResponse(responseCode = "403", description = "`wrong_password`: the current password does not match; or "
            + "`cross_origin` (see the origin check)", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiDoc.JsonBody
    @ApiDoc.SessionRequired
    @ApiDoc.Throttled
    @ApiDoc.RetryLater
    HttpResponse<LoginResponse> change(HttpRequest<?> request, @Body @Valid PasswordRequests.Change body,
                                       @Nullable @Header("User-Agent") String userAgent) {
        SessionPrincipal me = caller.require(request);
        PasswordChanges.Changed changed = changes.change(new PasswordChanges.Request(me, body.currentPassword(),
                body.newPassword(), addresses.resolve(request), userAgent, devices.tokenOf(request), TraceIds.of(request)));
        return HttpResponse.ok(changed.session()).cookie(cookies.issue(changed.session().token(), absoluteLifetime));
    }

    /**
     * Requests a reset link: 202 with the same answer whether or not the address is registered; 429 past the
     * limits per email and per client address (the same for any address).
     */
    @Post("/password-reset")
    @Operation(summary = "Mail a reset link to an address")
    @ApiResponse(responseCode = "202", description = "the same answer for any address", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "429", description = "`too_many_requests` for this email or client address; retry after "
            + "`Retry-After`", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiDoc.JsonBody
    @ApiDoc.OriginChecked
    HttpResponse<PasswordRequests.Accepted> requestReset(HttpRequest<?> request, @Body @Valid PasswordRequests.Reset body) {
        resets.request(body.email().trim().toLowerCase(Locale.ROOT), addresses.resolve(request));
        return HttpResponse.accepted().body(new PasswordRequests.Accepted(RESET_ANSWER));
    }

    /** Sets a new password with a reset token: 204 and every session of the user revoked; 400 for a bad token. */
    @Post("/password-reset/confirm")
    @Operation(summary = "Set a new password with a reset token; every session ends")
    @ApiResponse(responseCode = "204", description = "set; every session of the user revoked everywhere")
    @ApiResponse(responseCode = "400", description = "`invalid_reset_token` (unknown, used or expired), or an invalid field")
    @ApiResponse(responseCode = "413", description = "body over 16 KiB")
    @ApiDoc.OriginChecked
    @ApiDoc.RetryLater
    HttpResponse<Void> confirmReset(HttpRequest<?> request, @Body @Valid PasswordRequests.Confirm body) {
        resets.confirm(body.token(), body.newPassword(), TraceIds.of(request));
        return HttpResponse.noContent();
    }
}
