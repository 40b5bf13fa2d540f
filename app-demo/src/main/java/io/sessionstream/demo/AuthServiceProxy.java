package io.sessionstream.demo;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.client.ProxyHttpClient;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import java.net.InetSocketAddress;
import java.net.URI;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Proxies {@code /api/auth/**} and {@code /api/users/**} to the auth-service, so a browser
 * sees one origin (and the session cookie is a first-party cookie of this origin). The client
 * address is passed on in {@code X-Forwarded-For}; the origin the browser sees in
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} (unless a proxy in front already set
 * them), which the auth-service compares with the browser's {@code Origin} header, forwarded
 * unchanged, to refuse cross-site requests. If the auth-service does not answer, the client
 * gets 502 with {@code Retry-After}, not a 500.
 */
@Filter({"/api/auth/**", "/api/users", "/api/users/**"})
class AuthServiceProxy implements HttpServerFilter {

    private static final Logger LOG = LoggerFactory.getLogger(AuthServiceProxy.class);
    private static final String FORWARDED_HOST = "X-Forwarded-Host";
    private static final String FORWARDED_PROTO = "X-Forwarded-Proto";

    private final ProxyHttpClient client;
    private final URI target;
    private final String instance;

    AuthServiceProxy(ProxyHttpClient client, DemoConfiguration config) {
        this.client = client;
        this.target = config.authServiceUrl();
        this.instance = config.instanceId();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        InetSocketAddress remote = request.getRemoteAddress();
        String clientAddress = remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
        // The proxy client replaces Host with the target's, so pass on the one the browser sent.
        String host = request.getHeaders().get(HttpHeaders.HOST);
        boolean setHost = host != null && !request.getHeaders().contains(FORWARDED_HOST);
        boolean setProto = !request.getHeaders().contains(FORWARDED_PROTO);
        MutableHttpRequest<?> upstream = request.mutate()
                .uri(b -> b.scheme(target.getScheme()).host(target.getHost()).port(target.getPort()))
                .header("X-Forwarded-For", clientAddress);
        if (setHost) {
            upstream.header(FORWARDED_HOST, host);
        }
        if (setProto) {
            upstream.header(FORWARDED_PROTO, request.isSecure() ? "https" : "http");
        }
        return Flux.from(client.proxy(upstream))
                .onErrorResume(e -> {
                    LOG.warn("auth-service at {} did not answer {} {}", target, request.getMethod(), request.getPath(), e);
                    return Mono.just(HttpResponse.status(HttpStatus.BAD_GATEWAY)
                            .header(HttpHeaders.CACHE_CONTROL, "no-store")
                            .header("Retry-After", "1")
                            .body(new ErrorBody("auth_service_unavailable", "The auth-service did not answer; retry shortly", instance)));
                });
    }
}
