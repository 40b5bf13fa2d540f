package io.sessionstream.client;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * Which proxies' forwarding headers are believed, under {@value #PREFIX}. A client can write any
 * {@code X-Forwarded-For}, {@code Forwarded} or {@code X-Forwarded-Host} it likes; only a proxy listed here
 * (the connection's peer) is believed, and only as far as the chain of listed proxies goes
 * ({@link ForwardedHeaders}).
 *
 * @param trustedProxies addresses or CIDR blocks of the proxies in front of this service, e.g.
 *                       {@code 10.0.0.0/8} or {@code 192.0.2.7} (default none: every forwarding header is
 *                       ignored and the client is the connection's peer)
 * @param header         the one header that carries the client chain: {@code X_FORWARDED_FOR} (default) or
 *                       {@code FORWARDED} (RFC 7239 {@code for=}); the other is never read, so a client cannot
 *                       slip an address into the one the proxies leave alone
 */
@ConfigurationProperties(ForwardedConfiguration.PREFIX)
public record ForwardedConfiguration(
        @Nullable List<String> trustedProxies,
        @Bindable(defaultValue = "X_FORWARDED_FOR") @NotNull Header header) {

    /** The configuration prefix. */
    public static final String PREFIX = SessionClientConfiguration.PREFIX + ".forwarded";

    /** The header that carries the chain of client addresses. */
    public enum Header {
        /** {@code X-Forwarded-For: client, proxy1, proxy2}. */
        X_FORWARDED_FOR,
        /** {@code Forwarded: for=client, for=proxy1} (RFC 7239). */
        FORWARDED
    }

    public ForwardedConfiguration {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        header = header == null ? Header.X_FORWARDED_FOR : header;
    }
}
