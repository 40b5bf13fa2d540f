package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpRequestWrapper;
import io.micronaut.http.MutableHttpRequest;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Forwarding headers are what a client writes: they count only from a trusted proxy, and then only as far as
 * the chain of trusted proxies reaches.
 */
class ForwardedHeadersTest {

    private static final String CLIENT = "198.51.100.7";
    private static final String PROXY = "10.0.0.5";

    @Test
    void clientAddress_withoutTrustedProxies_isThePeer_whateverTheHeadersSay() {
        ForwardedHeaders forwarded = forwarded(List.of());

        assertThat(forwarded.clientAddress(request(CLIENT, Map.of("X-Forwarded-For", "1.2.3.4")))).isEqualTo(CLIENT);
        assertThat(forwarded.clientAddress(request(CLIENT, Map.of("Forwarded", "for=1.2.3.4")))).isEqualTo(CLIENT);
    }

    @Test
    void clientAddress_fromAnUntrustedPeer_ignoresHeaders_evenWhenOtherProxiesAreTrusted() {
        ForwardedHeaders forwarded = forwarded(List.of("10.0.0.0/8"));

        assertThat(forwarded.clientAddress(request(CLIENT, Map.of("X-Forwarded-For", "10.1.1.1, 1.2.3.4"))))
                .isEqualTo(CLIENT);
    }

    @Test
    void clientAddress_behindATrustedProxy_isTheRightMostUntrustedEntry_notWhatTheClientPrepended() {
        ForwardedHeaders forwarded = forwarded(List.of("10.0.0.0/8"));

        // The client wrote "6.6.6.6"; the proxy appended the address it saw.
        assertThat(forwarded.clientAddress(request(PROXY, Map.of("X-Forwarded-For", "6.6.6.6, " + CLIENT))))
                .isEqualTo(CLIENT);
        // Two trusted hops: the inner proxy's address is skipped too.
        assertThat(forwarded.clientAddress(request(PROXY, Map.of("X-Forwarded-For", "6.6.6.6, " + CLIENT + ", 10.9.9.9"))))
                .isEqualTo(CLIENT);
    }

    @Test
    void clientAddress_whenEveryHopIsTrusted_isTheLeftMost() {
        ForwardedHeaders forwarded = forwarded(List.of("10.0.0.0/8"));

        assertThat(forwarded.clientAddress(request(PROXY, Map.of("X-Forwarded-For", "10.2.2.2, 10.3.3.3"))))
                .isEqualTo("10.2.2.2");
        assertThat(forwarded.clientAddress(request(PROXY, Map.of()))).isEqualTo(PROXY);
    }

    @Test
    void clientAddress_withGarbageOrNamesInTheChain_isThePeer_neverAnError() {
        ForwardedHeaders forwarded = forwarded(List.of("10.0.0.0/8"));

        for (String garbage : List.of("", "unknown", "evil.example", "_hidden", "1.2.3", "999.1.1.1", "[::1",
                "a".repeat(10_000), "1.2.3.4 5.6.7.8")) {
            assertThat(forwarded.clientAddress(request(PROXY, Map.of("X-Forwarded-For", garbage))))
                    .as(garbage).isEqualTo(PROXY);
        }
    }

    @Test
    void clientAddress_readsOnlyTheConfiguredHeader() {
        ForwardedHeaders xff = forwarded(List.of("10.0.0.0/8"));
        ForwardedHeaders rfc7239 = new ForwardedHeaders(new ForwardedConfiguration(List.of("10.0.0.0/8"),
                ForwardedConfiguration.Header.FORWARDED));
        HttpRequest<?> both = request(PROXY, Map.of("X-Forwarded-For", CLIENT, "Forwarded", "for=\"[2001:db8::1]:4711\""));

        assertThat(xff.clientAddress(both)).isEqualTo(CLIENT);
        assertThat(rfc7239.clientAddress(both)).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(rfc7239.clientAddress(request(PROXY, Map.of("Forwarded", "for=6.6.6.6, for=198.51.100.7:80;proto=https"))))
                .isEqualTo(CLIENT);
        for (String malformed : List.of("for=", "for=\"", ";;;,,,", "for=unknown", "for=\"[::1\"", "by=1.2.3.4",
                "for=1.2.3.4;for", "for=1.2.3.4;for=5.6.7.8", "=\"\"")) {
            assertThat(rfc7239.clientAddress(request(PROXY, Map.of("Forwarded", malformed)))).as(malformed).isEqualTo(PROXY);
        }
    }

    @Test
    void clientAddress_acceptsPortsAndIpv6Literals() {
        ForwardedHeaders forwarded = forwarded(List.of("10.0.0.0/8", "::1"));

        assertThat(forwarded.clientAddress(request(PROXY, Map.of("X-Forwarded-For", "198.51.100.7:5555")))).isEqualTo(CLIENT);
        assertThat(forwarded.clientAddress(request("::1", Map.of("X-Forwarded-For", "2001:db8::7")))).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(forwarded.clientAddress(request(PROXY, Map.of("X-Forwarded-For", "[2001:db8::7]:443")))).isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @Test
    void origin_believesForwardedHostAndProto_onlyFromATrustedProxy() {
        ForwardedHeaders forwarded = forwarded(List.of("10.0.0.0/8"));
        Map<String, String> headers = Map.of("Host", "internal:8081", "X-Forwarded-Host", "app.example.com",
                "X-Forwarded-Proto", "https");

        assertThat(forwarded.origin(request(PROXY, headers))).isEqualTo("https://app.example.com");
        assertThat(forwarded.origin(request(CLIENT, headers))).isEqualTo("http://internal:8081");
    }

    @Test
    void trustedProxies_aTypo_failsAtStartup_namingTheEntry() {
        assertThatThrownBy(() -> forwarded(List.of("10.0.0.0/33"))).hasMessageContaining("'10.0.0.0/33'");
        assertThatThrownBy(() -> forwarded(List.of("gateway"))).hasMessageContaining("'gateway'");
    }

    @Test
    void trustedProxies_matchIpv4MappedAddresses() {
        ForwardedHeaders forwarded = forwarded(List.of("127.0.0.1"));

        assertThat(forwarded.clientAddress(request("::ffff:127.0.0.1", Map.of("X-Forwarded-For", CLIENT)))).isEqualTo(CLIENT);
    }

    private static ForwardedHeaders forwarded(List<String> trusted) {
        return new ForwardedHeaders(new ForwardedConfiguration(trusted, ForwardedConfiguration.Header.X_FORWARDED_FOR));
    }

    private static HttpRequest<?> request(String peer, Map<String, String> headers) {
        MutableHttpRequest<Object> request = HttpRequest.GET("/api/auth/login");
        headers.forEach(request::header);
        InetSocketAddress remote = new InetSocketAddress(TrustedProxies.literal(peer), 40000);
        return new HttpRequestWrapper<>(request) {
            @Override
            public InetSocketAddress getRemoteAddress() {
                return remote;
            }
        };
    }
}
