package io.sessionstream.auth.web;

import io.sessionstream.auth.AuthTestProperties;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.auth.AuthApi;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Password spraying with a forged client address per request, as the outside probe did: with no trusted proxy
 * configured (the default), {@code X-Forwarded-For} and {@code Forwarded} count for nothing, so the per-address
 * limit holds ({@link ForwardedHeadersIT} covers the session list and malformed headers).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordSprayIT implements TestPropertyProvider {

    private static final int IP_FAILURES = 4;

    private final TestPostgres.Database db = TestPostgres.newDatabase();

    @Inject
    EmbeddedServer server;

    private AuthApi api;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = AuthTestProperties.plainHttp(db);
        p.put("sessionstream.auth.rate-limit.ip-failures", String.valueOf(IP_FAILURES));
        p.put("sessionstream.auth.rate-limit.ip-window", "1h");
        return p;
    }

    @BeforeAll
    void client() {
        api = new AuthApi(server.getPort());
    }

    @Test
    void passwordSpraying_withANewForwardedAddressPerRequest_isStillLimitedBySocketAddress() {
        for (int i = 0; i < IP_FAILURES; i++) {
            String spoofed = "203.0.113." + (i + 1);
            assertThat(wrongLogin("X-Forwarded-For", spoofed).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> xff = wrongLogin("X-Forwarded-For", "198.51.100.77");
        HttpResponse<String> forwarded = wrongLogin("Forwarded", "for=198.51.100.78");
        HttpResponse<String> both = wrongLogin("X-Forwarded-For", "1.1.1.1, 2.2.2.2");

        assertThat(List.of(xff.statusCode(), forwarded.statusCode(), both.statusCode())).containsOnly(429);
    }

    private HttpResponse<String> wrongLogin(String header, String value) {
        return api.send("/api/auth/login", b -> b.header("Content-Type", "application/json").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(
                        AuthApi.credentials("sprayed-" + UUID.randomUUID() + "@example.com", "not the password"))));
    }
}
