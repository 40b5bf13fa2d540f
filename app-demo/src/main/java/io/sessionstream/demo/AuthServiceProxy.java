package io.sessionstream.demo;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.client.ProxyHttpClient;
import io.micronaut.http.client.ProxyRequestOptions;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.sessionstream.client.ForwardedHeaders;
import java.net.URI;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Proxies {@code /api/auth/**} and {@code /api/users/**} to the auth-service, so a browser sees one origin (and
 * the session cookie is a first-party cookie of this origin).
 *
 * <p>Hop-by-hop headers ({@code Connection} and those it names, {@code Keep-Alive}, {@code Upgrade}, ...) stay on
 * this side. Forwarding headers are <em>replaced</em>, never appended to: {@code X-Forwarded-For} is the client address
 * as this instance resolved it ({@link ForwardedHeaders}: the connection's peer unless a trusted proxy vouches
 * for another), {@code Forwarded} is dropped, and {@code X-Forwarded-Proto}/{@code X-Forwarded-Host} are the origin
 * the browser addressed. The browser's {@code Host} goes on unchanged too, so an auth-service that does not
 * trust this instance as a proxy still sees the browser's origin for its CSRF check, and the browser's
 * {@code Origin} is forwarded as it came.
 *
 * <p>Every proxied request goes on a new connection ({@code micronaut.http.services.auth-service.pool.enabled: false}):
 * a kept-alive one can be closed by the auth-service just as a request is sent on it, and that request could not be
 * sent again (it may be a login or a logout, and its body has been streamed through). {@code
 * AuthServiceProxyConnectionIT} proves it against an auth-service that closes each connection after one answer.
 *
 * <p>If the auth-service does not answer, the client gets 502 with {@code Retry-After}; a body over
 * {@code micronaut.server.max-request-size} gets 413 {@code payload_too_large} — never a 500.
 */
@Filter({"/api/auth/**", "/api/users", "/api/users/**"})
class AuthServiceProxy implements HttpServerFilter {

    private static final Logger LOG = LoggerFactory.getLogger(AuthServiceProxy.class);
    private static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final String FORWARDED_HOST = "X-Forwarded-Host";
    private static final String FORWARDED_PROTO = "X-Forwarded-Proto";
    private static final java.util.List<String> HOP_BY_HOP = java.util.List.of(HttpHeaders.CONNECTION, "Keep-Alive",
            "Proxy-Connection", "Proxy-Authorization", "Proxy-Authenticate", "TE", "Trailer", "Upgrade");
    private static final ProxyRequestOptions KEEP_HOST = ProxyRequestOptions.builder().retainHostHeader(true).build();

    private final ProxyHttpClient client;
    private final ForwardedHeaders forwarded;
    private final URI target;
    private final String instance;
    private final long maxRequestSize;

    AuthServiceProxy(@Client(id = "auth-service") ProxyHttpClient client, ForwardedHeaders forwarded, DemoConfiguration config,
                     io.micronaut.http.server.HttpServerConfiguration server) {
        this.client = client;
        this.forwarded = forwarded;
        this.target = config.authServiceUrl();
        this.instance = config.instanceId();
        this.maxRequestSize = server.getMaxRequestSize();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        if (request.getContentLength() > maxRequestSize) {
            return Mono.just(tooLarge());
        }
        MutableHttpRequest<?> upstream = request.mutate()
                .uri(b -> b.scheme(target.getScheme()).host(target.getHost()).port(target.getPort()));
        removeHopByHopHeaders(upstream);
        upstream.getHeaders().remove("Forwarded");
        upstream.getHeaders().set(FORWARDED_FOR, forwarded.clientAddress(request));
        String origin = forwarded.origin(request);
        if (origin != null) {
            int colon = origin.indexOf("://");
            upstream.getHeaders().set(FORWARDED_PROTO, origin.substring(0, colon));
            upstream.getHeaders().set(FORWARDED_HOST, origin.substring(colon + 3));
        } else {
            upstream.getHeaders().remove(FORWARDED_PROTO);
            upstream.getHeaders().remove(FORWARDED_HOST);
        }
        return Flux.from(client.proxy(upstream, KEEP_HOST))
                .onErrorResume(e -> {
                    if (causedByTooLargeBody(e)) {
                        return Mono.just(tooLarge());
                    }
                    LOG.warn("auth-service at {} did not answer {} {}", target, request.getMethod(), request.getPath(), e);
                    return Mono.just(HttpResponse.status(HttpStatus.BAD_GATEWAY)
                            .header(HttpHeaders.CACHE_CONTROL, "no-store")
                            .header("Retry-After", "1")
                            .body(new ErrorBody("auth_service_unavailable", "The auth-service did not answer; retry shortly", instance)));
                });
    }

    /**
     * Hop-by-hop headers are this connection's, not the request's (RFC 9110 §7.6.1): a client's
     * {@code Connection: close} passed on would close the pooled upstream connection under the next request.
     */
    private static void removeHopByHopHeaders(MutableHttpRequest<?> upstream) {
        String connection = upstream.getHeaders().get(HttpHeaders.CONNECTION);
        if (connection != null) {
            for (String named : connection.split(",")) {
                if (!named.isBlank()) {
                    upstream.getHeaders().remove(named.trim());
                }
            }
        }
        for (String header : HOP_BY_HOP) {
            upstream.getHeaders().remove(header);
        }
    }

    private MutableHttpResponse<?> tooLarge() {
        return HttpResponse.status(HttpStatus.REQUEST_ENTITY_TOO_LARGE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new ErrorBody("payload_too_large", "The request body is larger than " + maxRequestSize
                        + " bytes", instance));
    }

    private static boolean causedByTooLargeBody(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ContentLengthExceededException) {
                return true;
            }
        }
        return false;
    }
}
