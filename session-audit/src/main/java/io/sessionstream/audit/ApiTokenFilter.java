package io.sessionstream.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API ({@code /audit/**}) answers only a request with {@code Authorization: Bearer <api-token>}: the
 * audit says who signed in from which address. Without a configured token it refuses every request. Its answers
 * are never cached ({@code no-store}) nor sniffed.
 */
@ServerFilter("/audit/**")
class ApiTokenFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiTokenFilter.class);
    private static final String BEARER = "Bearer ";

    private final byte[] token;

    ApiTokenFilter(AuditConfiguration config) {
        this.token = config.apiToken() == null || config.apiToken().isBlank() ? null
                : config.apiToken().getBytes(StandardCharsets.UTF_8);
        if (token == null) {
            LOG.warn("{}.api-token is not set: the query API refuses every request", AuditConfiguration.PREFIX);
        }
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> authenticate(HttpRequest<?> request) {
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (token != null && authorization != null && authorization.startsWith(BEARER)
                && MessageDigest.isEqual(token, authorization.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        // Response filters do not see an answer a request filter gave instead of the route: it is marked here.
        return noStore(HttpResponse.unauthorized().header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(Map.of("error", "unauthenticated")));
    }

    @ResponseFilter
    MutableHttpResponse<?> noStore(MutableHttpResponse<?> response) {
        response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
        response.getHeaders().set("X-Content-Type-Options", "nosniff");
        return response;
    }
}
