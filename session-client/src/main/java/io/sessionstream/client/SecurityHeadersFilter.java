package io.sessionstream.client;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Security headers on every answer of the service, pages and API alike:
 * <ul>
 *   <li>{@code Content-Security-Policy} ({@link SecurityHeadersConfiguration#contentSecurityPolicy()}), with
 *       {@code frame-ancestors 'none'}, which a {@code <meta>} policy cannot set. The generated Swagger UI
 *       ({@value #SWAGGER_UI}) runs an inline script, so it gets the same policy with inline scripts and styles
 *       allowed and nothing else widened;</li>
 *   <li>{@code X-Frame-Options: DENY} for browsers that predate {@code frame-ancestors};</li>
 *   <li>{@code X-Content-Type-Options: nosniff};</li>
 *   <li>{@code Referrer-Policy: no-referrer}: a reset link carries its token in the URL, which must never
 *       travel on in a {@code Referer};</li>
 *   <li>{@code Strict-Transport-Security} when {@link SecurityHeadersConfiguration#hsts()} is on.</li>
 * </ul>
 * A header the route set itself is left alone.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = SecurityHeadersConfiguration.ENABLED, notEquals = "false")
@Requires(classes = ServerFilter.class)
class SecurityHeadersFilter implements Ordered {

    static final String SWAGGER_UI = "/swagger-ui/";
    static final String HSTS = "max-age=31536000; includeSubDomains";

    private final SecurityHeadersConfiguration config;
    private final String swaggerPolicy;

    SecurityHeadersFilter(SecurityHeadersConfiguration config) {
        this.config = config;
        this.swaggerPolicy = config.contentSecurityPolicy()
                .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
                .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
    }

    @ResponseFilter
    void secure(HttpRequest<?> request, MutableHttpResponse<?> response) {
        MutableHttpHeaders headers = response.getHeaders();
        String policy = request.getPath().startsWith(SWAGGER_UI) ? swaggerPolicy : config.contentSecurityPolicy();
        setIfAbsent(headers, "Content-Security-Policy", policy);
        setIfAbsent(headers, "X-Frame-Options", "DENY");
        setIfAbsent(headers, "X-Content-Type-Options", "nosniff");
        setIfAbsent(headers, "Referrer-Policy", "no-referrer");
        if (config.hsts()) {
            setIfAbsent(headers, "Strict-Transport-Security", HSTS);
        }
    }

    private static void setIfAbsent(MutableHttpHeaders headers, String name, String value) {
        if (!headers.contains(name)) {
            headers.set(name, value);
        }
    }

    /** Outermost, so that answers of filters that refuse a request before its route carry the headers too. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
