package io.sessionstream.auth.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.sessionstream.auth.sessions.CookieConfiguration;
import io.sessionstream.client.ForwardedHeaders;
import io.sessionstream.client.OriginCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses cross-site request forgery on the API: for every method but GET, HEAD and OPTIONS under {@code /api/**},
 * {@link OriginCheck}'s rule, judged for every request, cookie or not. The session cookie's {@code SameSite=Lax}
 * already keeps it off cross-site POSTs; this also covers same-site attackers (a sibling subdomain) and browsers
 * without SameSite, and stops login CSRF, where no cookie is involved. A request with an {@code Origin} (else
 * {@code Referer}) that is neither the request's own origin nor an {@code allowed-origins} entry is refused; a
 * request authenticated by the session cookie with neither header is refused too. Refusals are 403
 * {@code cross_origin}. API clients send a bearer token and no cookie, and pass without either header; so do login
 * and registration without a cookie.
 *
 * <p>It replaces session-client's filter of the same rule for the application's own routes, which only judges cookie
 * requests and is switched off here ({@code sessionstream.client.csrf.enabled: false} in application.yml), so that
 * one check with one list of allowed origins ({@value CsrfConfiguration#PREFIX}{@code .allowed-origins}) decides.
 */
@ServerFilter("/api/**")
@Requires(property = CsrfConfiguration.ENABLED, notEquals = "false")
class OriginCheckFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(OriginCheckFilter.class);

    private final OriginCheck check;

    OriginCheckFilter(CsrfConfiguration config, CookieConfiguration auth, ForwardedHeaders forwarded) {
        this.check = new OriginCheck(CsrfConfiguration.PREFIX + ".allowed-origins", config.allowedOrigins(),
                auth.cookieName(), forwarded);
    }

    /**
     * Inside {@link NoStoreFilter}, so a refusal is marked no-store too; just before Micronaut's
     * {@code CorsFilter} ({@code METRICS.after()}), whose drive-by-localhost guard would otherwise
     * refuse some of the same requests with an empty body instead of {@code cross_origin}.
     */
    @Override
    public int getOrder() {
        return ServerFilterPhase.METRICS.after() - 1;
    }

    @RequestFilter
    @Nullable
    HttpResponse<ApiError> checkOrigin(HttpRequest<?> request) {
        String refusal = check.refusal(request, true);
        if (refusal == null) {
            return null;
        }
        LOG.debug("Refused {} {} from origin {}", request.getMethod(), request.getPath(),
                request.getHeaders().get(HttpHeaders.ORIGIN));
        return HttpResponse.<ApiError>status(HttpStatus.FORBIDDEN).body(new ApiError(OriginCheck.ERROR, refusal));
    }
}
