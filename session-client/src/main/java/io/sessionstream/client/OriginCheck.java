package io.sessionstream.client;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The cross-site request forgery rule: whether a state-changing request comes from the origin the browser sees
 * this service at (or one allowed besides), judged by its {@code Origin} header, else its {@code Referer}. The
 * library's {@code OriginCheckFilter} applies it to every request that the session cookie authenticates; the
 * auth-service's filter applies it to its API, cookie or not (login CSRF).
 *
 * <p>For every method but GET, HEAD and OPTIONS:
 * <ol>
 *   <li>a request whose {@code Origin} (else {@code Referer}) is neither the service's own origin nor an allowed
 *       one is refused, an opaque {@code Origin: null} included;</li>
 *   <li>a request authenticated by the session cookie (it carries the cookie and no {@code Authorization: Bearer})
 *       with neither header is refused too: browsers send {@code Origin} on every cross-origin request and on
 *       every POST, PUT, PATCH and DELETE, so only a forged request, or one a proxy or extension stripped, lacks
 *       both; letting it pass would make stripping the header the way around the check.</li>
 * </ol>
 * Caveat: the Fetch standard lets a browser send {@code Origin: null} for a request from a page whose referrer policy
 * is {@code no-referrer} (the library's {@code SecurityHeadersFilter} sets it); {@code fetch()} from the app's own
 * pages is what the tests prove, and a classic {@code <form method=post>} on such a page may be refused. Such a page
 * can set its own {@code Referrer-Policy: same-origin}.
 * A request with a bearer token and no cookie is never a forgery (a page of another site cannot make the browser
 * add the token), so it passes without either header.
 *
 * <p>The own origin is {@code <scheme>://<host>} as {@link ForwardedHeaders#origin} reads it: from
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} of a trusted proxy, else the connection's scheme and the
 * {@code Host} header; so behind a proxy it is the origin the browser sees. Thread-safe and immutable.
 */
public final class OriginCheck {

    /** The error code of a refusal, in the {@link ErrorResponse} body. */
    public static final String ERROR = "cross_origin";
    /** Why a cookie request without {@code Origin} or {@code Referer} is refused. */
    public static final String NO_ORIGIN = "A request authenticated by the session cookie must carry an Origin header";
    /** Why a request from another origin is refused. */
    public static final String FOREIGN_ORIGIN = "Requests from another origin may not change anything here";

    private static final String BEARER = "Bearer ";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final Set<String> allowedOrigins = new LinkedHashSet<>();
    private final String cookieName;
    private final ForwardedHeaders forwarded;

    /**
     * @param setting        the property that lists {@code allowedOrigins}, for the message when one is not an origin
     * @param allowedOrigins origins besides the service's own, {@code scheme://host[:port]}
     * @param cookieName     the session cookie's name on plain http ({@code __Host-} + it is read too)
     * @param forwarded      how the service's own origin is read
     * @throws IllegalArgumentException naming {@code setting} if an entry is not an origin
     */
    public OriginCheck(String setting, Collection<String> allowedOrigins, String cookieName, ForwardedHeaders forwarded) {
        for (String allowed : allowedOrigins) {
            String origin = Origins.of(allowed);
            if (origin == null) {
                throw new IllegalArgumentException(setting + ": '" + allowed
                        + "' is not an origin; write scheme://host[:port], e.g. https://app.example.com");
            }
            this.allowedOrigins.add(origin);
        }
        this.cookieName = cookieName;
        this.forwarded = forwarded;
    }

    /**
     * Why the request must be refused (one of {@link #NO_ORIGIN}, {@link #FOREIGN_ORIGIN}), or null if it may pass.
     *
     * @param alsoWithoutCookie judge the origin of requests the session cookie does not authenticate too (login
     *                          CSRF); false judges cookie-authenticated requests only
     */
    @Nullable
    public String refusal(HttpRequest<?> request, boolean alsoWithoutCookie) {
        if (SAFE.contains(request.getMethod())) {
            return null;
        }
        boolean cookie = cookieAuthenticated(request);
        if (!cookie && !alsoWithoutCookie) {
            return null;
        }
        HttpHeaders headers = request.getHeaders();
        String origin = headers.get(HttpHeaders.ORIGIN);
        String claimed = origin != null ? origin : headers.get(HttpHeaders.REFERER);
        if (claimed == null) {
            return cookie ? NO_ORIGIN : null;
        }
        String source = Origins.of(claimed);
        if (source != null && (source.equals(Origins.of(forwarded.origin(request))) || allowedOrigins.contains(source))) {
            return null;
        }
        return FOREIGN_ORIGIN;
    }

    /** Whether the session cookie is what authenticates the request: it carries it and no bearer token. */
    public boolean cookieAuthenticated(HttpRequest<?> request) {
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return request.getCookies().contains(cookieName) || request.getCookies().contains("__Host-" + cookieName);
    }
}
