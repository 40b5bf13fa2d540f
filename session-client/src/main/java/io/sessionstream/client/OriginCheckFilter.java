package io.sessionstream.client;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses cross-site request forgery on the application's own routes, on by default
 * ({@value CsrfConfiguration#ENABLED}): a POST, PUT, PATCH or DELETE authenticated by the session cookie must come
 * from the application's own origin (or one of {@code sessionstream.client.csrf.allowed-origins}), by its
 * {@code Origin} header, else its {@code Referer}; one with neither is refused too (see {@link OriginCheck} for the
 * rule and why). The cookie's {@code SameSite=Lax} already keeps it off cross-site POSTs; this also covers
 * same-site attackers (a sibling subdomain) and browsers without SameSite.
 *
 * <p>Refusals are 403 {@code {"error":"cross_origin","message":…}}, before the session is even looked up.
 * Requests with a bearer token, and requests with no session cookie, are not judged: they carry no credential a
 * browser adds by itself.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = CsrfConfiguration.ENABLED, notEquals = "false")
@Requires(classes = ServerFilter.class)
class OriginCheckFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(OriginCheckFilter.class);

    private final OriginCheck check;

    OriginCheckFilter(CsrfConfiguration config, SessionClientConfiguration client, ForwardedHeaders forwarded) {
        this.check = new OriginCheck(CsrfConfiguration.PREFIX + ".allowed-origins", config.allowedOrigins(),
                client.cookieName(), forwarded);
    }

    /**
     * Before the security filter (no session is read for a forged request) and just before Micronaut's
     * {@code CorsFilter} ({@code METRICS.after()}), whose drive-by-localhost guard would otherwise refuse some of the
     * same requests with an empty body instead of {@code cross_origin}.
     */
    @Override
    public int getOrder() {
        return ServerFilterPhase.METRICS.after() - 1;
    }

    @RequestFilter
    @Nullable
    HttpResponse<ErrorResponse> checkOrigin(HttpRequest<?> request) {
        String refusal = check.refusal(request, false);
        if (refusal == null) {
            return null;
        }
        LOG.debug("Refused {} {}: {}", request.getMethod(), request.getPath(), refusal);
        return HttpResponse.<ErrorResponse>status(HttpStatus.FORBIDDEN).body(new ErrorResponse(OriginCheck.ERROR, refusal));
    }
}
