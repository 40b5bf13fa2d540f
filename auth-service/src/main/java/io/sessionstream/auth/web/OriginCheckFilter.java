package io.sessionstream.auth.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.sessionstream.auth.sessions.CookieConfiguration;
import io.sessionstream.client.ForwardedHeaders;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses cross-site request forgery on the API. The session cookie's {@code SameSite=Lax}
 * already keeps it off cross-site POSTs; this also covers same-site attackers (a sibling
 * subdomain) and browsers without SameSite, and stops login CSRF, where no cookie is involved.
 *
 * <p>For every method but GET, HEAD and OPTIONS under {@code /api/**}:
 * <ol>
 *   <li>the request's source is its {@code Origin} header, else the origin of its {@code Referer};
 *       if it has one that is neither its own origin nor an {@code allowed-origins} entry (an
 *       opaque {@code Origin: null} included), it is refused;</li>
 *   <li>a request authenticated by the session cookie (it carries the cookie and no
 *       {@code Authorization: Bearer}) with neither header is refused: browsers send {@code Origin}
 *       on every POST and DELETE, so only a forged or stripped request lacks both.</li>
 * </ol>
 * Refusals are 403 {@code cross_origin}. API clients send a bearer token and no cookie, and
 * pass without either header; so do login and registration without a cookie.
 *
 * <p>The own origin is {@code <scheme>://<host>} as {@link ForwardedHeaders#origin} reads it: from
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} of a trusted proxy, else the connection's scheme and the
 * {@code Host} header (which app-demo's proxy passes on as the browser sent it), so that behind a proxy it is the
 * origin the browser sees.
 */
@ServerFilter("/api/**")
@Requires(property = CsrfConfiguration.ENABLED, notEquals = "false")
class OriginCheckFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(OriginCheckFilter.class);
    private static final String BEARER = "Bearer ";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final Set<String> allowedOrigins = new LinkedHashSet<>();
    private final String cookieName;
    private final ForwardedHeaders forwarded;

    OriginCheckFilter(CsrfConfiguration config, CookieConfiguration auth, ForwardedHeaders forwarded) {
        this.forwarded = forwarded;
        for (String allowed : config.allowedOrigins()) {
            String origin = Origins.of(allowed);
            if (origin == null) {
                throw new IllegalArgumentException(CsrfConfiguration.PREFIX + ".allowed-origins: '" + allowed
                        + "' is not an origin; write scheme://host[:port], e.g. https://app.example.com");
            }
            allowedOrigins.add(origin);
        }
        this.cookieName = auth.cookieName();
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
        if (SAFE.contains(request.getMethod())) {
            return null;
        }
        HttpHeaders headers = request.getHeaders();
        String origin = headers.get(HttpHeaders.ORIGIN);
        String claimed = origin != null ? origin : headers.get(HttpHeaders.REFERER);
        if (claimed == null) {
            return cookieAuthenticated(request)
                    ? refuse(request, "(none)", "A request authenticated by the session cookie must carry an Origin header")
                    : null;
        }
        String source = Origins.of(claimed);
        if (source != null && (source.equals(Origins.of(forwarded.origin(request))) || allowedOrigins.contains(source))) {
            return null;
        }
        return refuse(request, claimed, "Requests from another origin may not change anything here");
    }

    private boolean cookieAuthenticated(HttpRequest<?> request) {
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return request.getCookies().contains(cookieName) || request.getCookies().contains("__Host-" + cookieName);
    }

    private static HttpResponse<ApiError> refuse(HttpRequest<?> request, String claimed, String message) {
        LOG.debug("Refused {} {} from origin {}", request.getMethod(), request.getPath(), claimed);
        return HttpResponse.<ApiError>status(HttpStatus.FORBIDDEN).body(new ApiError("cross_origin", message));
    }
}
