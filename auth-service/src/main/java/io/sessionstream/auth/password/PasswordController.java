package io.sessionstream.auth.password;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.sessionstream.auth.sessions.AuthMeters;
import io.sessionstream.auth.sessions.CallerSession;
import io.sessionstream.auth.sessions.LoginThrottle;
import io.sessionstream.auth.sessions.ProjectionWaiter;
import io.sessionstream.auth.sessions.SessionCommands;
import io.sessionstream.auth.users.PasswordHasher;
import io.sessionstream.auth.users.User;
import io.sessionstream.auth.users.UserRepository;
import io.sessionstream.auth.web.ApiDoc;
import io.sessionstream.auth.web.ApiError;
import io.sessionstream.auth.web.ApiException;
import io.sessionstream.client.SessionPrincipal;
import io.sessionstream.client.TraceIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/auth/password}: change (keeps the current session, revokes the others) and reset
 * (revokes all). Both answer once the revocation has reached Redis and this instance.
 */
@Controller("/api/auth")
@Tag(name = "password", description = "Change or reset the password; both end other sessions")
@ExecuteOn(TaskExecutors.BLOCKING)
class PasswordController {

    private static final Logger LOG = LoggerFactory.getLogger(PasswordController.class);
    private static final String RESET_ANSWER =
            "If this address belongs to an account, a reset link has been mailed to it. It works once, for a short time.";

    private final CallerSession caller;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SessionCommands commands;
    private final PasswordResets resets;
    private final ProjectionWaiter projection;
    private final LoginThrottle throttle;
    private final HttpClientAddressResolver addresses;
    private final AuthMeters meters;

    PasswordController(CallerSession caller, UserRepository users, PasswordHasher hasher, SessionCommands commands,
                       PasswordResets resets, ProjectionWaiter projection, LoginThrottle throttle,
                       HttpClientAddressResolver addresses, AuthMeters meters) {
        this.meters = meters;
        this.caller = caller;
        this.users = users;
        this.hasher = hasher;
        this.commands = commands;
        this.resets = resets;
        this.projection = projection;
        this.throttle = throttle;
        this.addresses = addresses;
    }

    /**
     * Changes the caller's password: 204; 403 {@code wrong_password} if the current one does not
     * match; 429 once the account has used up its failed attempts (shared with login).
     */
    @Post("/password")
    @Operation(summary = "Change my password; every other session ends")
    @ApiResponse(responseCode = "204", description = "changed; every other session revoked everywhere")
    // One 403 for both causes: the origin check's cross_origin and this operation's own.
    @ApiResponse(responseCode = "403", description = "`wrong_password`: the current password does not match; or "
            + "`cross_origin` (see the origin check)", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiDoc.JsonBody
    @ApiDoc.SessionRequired
    @ApiDoc.Throttled
    @ApiDoc.RetryLater
    HttpResponse<Void> change(HttpRequest<?> request, @Body @Valid PasswordRequests.Change body) {
        SessionPrincipal me = caller.require(request);
        User user = users.findById(UUID.fromString(me.userId())).orElseThrow(() ->
                new ApiException(HttpStatus.UNAUTHORIZED, "unauthenticated", "No valid session"));
        String clientAddress = addresses.resolve(request);
        throttle.check(user.email(), clientAddress);
        if (!hasher.verify(body.currentPassword(), user.passwordHash())) {
            throttle.recordFailure(user.email(), clientAddress);
            throw new ApiException(HttpStatus.FORBIDDEN, "wrong_password", "The current password is wrong");
        }
        SessionCommands.UserWideRevocation done = commands.changePassword(user.id(), hasher.hash(body.newPassword()),
                me.sessionId(), TraceIds.of(request));
        meters.revoked("password_changed", done.revoked().size());
        projection.awaitUserRevoked(me.userId(), done.notBefore(), done.revoked());
        LOG.info("User {} changed their password; {} other sessions revoked", me.userId(), done.revoked().size());
        return HttpResponse.noContent();
    }

    /** Requests a reset link: 202 with the same answer whether or not the address is registered. */
    @Post("/password-reset")
    @Operation(summary = "Mail a reset link to an address")
    @ApiResponse(responseCode = "202", description = "the same answer for any address", useReturnTypeSchema = true)
    @ApiDoc.JsonBody
    @ApiDoc.OriginChecked
    HttpResponse<PasswordRequests.Accepted> requestReset(@Body @Valid PasswordRequests.Reset body) {
        resets.request(body.email().trim().toLowerCase(Locale.ROOT));
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
        String hash = hasher.hash(body.newPassword());
        PasswordResets.Done done = resets.confirm(body.token(), hash, TraceIds.of(request));
        meters.revoked("password_reset", done.revocation().revoked().size());
        projection.awaitUserRevoked(done.userId().toString(), done.revocation().notBefore(), done.revocation().revoked());
        LOG.info("User {} reset their password; {} sessions revoked", done.userId(), done.revocation().revoked().size());
        return HttpResponse.noContent();
    }
}
