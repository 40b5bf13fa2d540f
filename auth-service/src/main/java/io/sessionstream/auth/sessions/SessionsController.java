package io.sessionstream.auth.sessions;

import io.sessionstream.auth.web.Inputs;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sessionstream.auth.Refusal;
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
import java.util.List;

/**
 * {@code /api/auth/sessions}: the caller's own sessions — list, revoke one, revoke several,
 * revoke all others. Ownership is checked against the {@code sessions} table; another user's
 * session id gets the same 404 as an unknown one. Revocations answer once the sessions are gone
 * from Redis and every live instance has applied the broadcast (receipts).
 */
@Controller("/api/auth/sessions")
@Tag(name = "sessions", description = "The caller's own sessions: list and revoke")
@ExecuteOn(TaskExecutors.BLOCKING)
class SessionsController {

    private static final int MAX_SESSION_ID_LENGTH = 64;

    private final MySessions mine;
    private final SessionRevocations revocations;
    private final CallerSession caller;
    private final SessionCookies cookies;

    SessionsController(MySessions mine, SessionRevocations revocations, CallerSession caller, SessionCookies cookies) {
        this.mine = mine;
        this.revocations = revocations;
        this.caller = caller;
        this.cookies = cookies;
    }

    /**
     * The caller's live sessions, newest first, with last-seen and idle expiry from the Redis
     * projection (where activity moves them). A session Redis no longer holds has ended (idle)
     * and is not listed.
     */
    @Get
    @Operation(summary = "List my live sessions, newest first")
    @ApiResponse(responseCode = "200", description = "the sessions")
    @ApiDoc.SessionRequired
    @ApiDoc.RetryLater
    SessionView.Page list(HttpRequest<?> request) {
        return new SessionView.Page(mine.of(caller.require(request)));
    }

    /** Revokes one of the caller's sessions: 204, or 404 if it is not theirs. Revoking the current one logs out. */
    @Delete("/{id}")
    @Operation(summary = "Revoke one of my sessions (the current one: log out)")
    @ApiResponse(responseCode = "204", description = "revoked and every live instance has applied it")
    @ApiResponse(responseCode = "404", description = "`not_found`: unknown, or another user's (the same answer)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiDoc.SessionRequired
    @ApiDoc.OriginChecked
    @ApiDoc.RetryLater
    HttpResponse<Void> revokeOne(HttpRequest<?> request, @PathVariable String id) {
        SessionPrincipal me = caller.require(request);
        if (!Inputs.isToken(id, MAX_SESSION_ID_LENGTH)) {
            throw Refusal.notFound("session");
        }
        return revoke(request, me, List.of(id));
    }

    /** Revokes several of the caller's sessions at once: 204, or 404 (and nothing revoked) if any is not theirs. */
    @Post("/revoke")
    @Operation(summary = "Revoke 1 to 100 of my sessions at once")
    @ApiResponse(responseCode = "204", description = "all revoked and every live instance has applied it")
    @ApiResponse(responseCode = "404", description = "`not_found`: one of them is not mine; nothing revoked",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiDoc.JsonBody
    @ApiDoc.SessionRequired
    @ApiDoc.OriginChecked
    @ApiDoc.RetryLater
    HttpResponse<Void> revokeSeveral(HttpRequest<?> request, @Body @Valid RevokeRequest body) {
        return revoke(request, caller.require(request), body.sessionIds());
    }

    /** Revokes every session of the caller except the current one. */
    @Post("/revoke-others")
    @Operation(summary = "Revoke every session of mine but this one")
    @ApiResponse(responseCode = "204", description = "revoked and every live instance has applied it")
    @ApiDoc.SessionRequired
    @ApiDoc.OriginChecked
    @ApiDoc.RetryLater
    HttpResponse<Void> revokeOthers(HttpRequest<?> request) {
        revocations.revokeOthers(caller.require(request), TraceIds.of(request));
        return HttpResponse.noContent();
    }

    private HttpResponse<Void> revoke(HttpRequest<?> request, SessionPrincipal me, List<String> ids) {
        revocations.revoke(me, ids, TraceIds.of(request));
        MutableHttpResponse<Void> response = HttpResponse.noContent();
        return ids.contains(me.sessionId()) ? response.cookie(cookies.clear()) : response;
    }
}
