package io.sessionstream.client;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.DefaultHttpClientAddressResolver;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import jakarta.inject.Singleton;

/**
 * Micronaut's client address for the whole application, from {@link ForwardedHeaders}: the default resolver
 * believes the first {@code Forwarded}/{@code X-Forwarded-For} entry of any client, so a client could pick
 * its own address (and its own rate-limit bucket) per request.
 */
@Singleton
@Replaces(DefaultHttpClientAddressResolver.class)
@Requires(classes = DefaultHttpClientAddressResolver.class)
class ForwardedClientAddressResolver implements HttpClientAddressResolver {

    private final ForwardedHeaders forwarded;

    ForwardedClientAddressResolver(ForwardedHeaders forwarded) {
        this.forwarded = forwarded;
    }

    @Override
    public String resolve(@NonNull HttpRequest request) {
        return forwarded.clientAddress(request);
    }
}
