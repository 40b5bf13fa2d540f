package io.sessionstream.demo;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.client.ProxyHttpClient;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import java.net.InetSocketAddress;
import java.net.URI;
import org.reactivestreams.Publisher;

/**
 * Proxies {@code /api/auth/**} and {@code /api/users/**} to the auth-service, so a browser
 * sees one origin (and the session cookie is a first-party cookie of this origin). The client
 * address is passed on in {@code X-Forwarded-For}.
 */
@Filter({"/api/auth/**", "/api/users", "/api/users/**"})
class AuthServiceProxy implements HttpServerFilter {

    private final ProxyHttpClient client;
    private final URI target;

    AuthServiceProxy(ProxyHttpClient client, DemoConfiguration config) {
        this.client = client;
        this.target = config.authServiceUrl();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        InetSocketAddress remote = request.getRemoteAddress();
        String clientAddress = remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
        return Publishers.map(client.proxy(request.mutate()
                .uri(b -> b.scheme(target.getScheme()).host(target.getHost()).port(target.getPort()))
                .header("X-Forwarded-For", clientAddress)), response -> response);
    }
}
