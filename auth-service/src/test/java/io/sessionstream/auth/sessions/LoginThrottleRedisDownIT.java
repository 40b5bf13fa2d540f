package io.sessionstream.auth.sessions;

import io.sessionstream.auth.AuthTestProperties;
import static io.sessionstream.auth.sessions.LoginThrottleIT.credentials;
import static io.sessionstream.auth.sessions.LoginThrottleIT.newAddress;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TcpProxy;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Redis becomes unreachable (the test cuts the real connection to it): a login must be refused
 * with 503, never let through unlimited. The context reaches Redis only through a {@link TcpProxy}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginThrottleRedisDownIT implements TestPropertyProvider {

    private static final String PASSWORD = "correct horse battery";

    private final URI redis = URI.create(TestRedis.uri());
    private final TcpProxy redisLink = TcpProxy.to(redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort());
    private final TestPostgres.Database db = TestPostgres.newDatabase();
    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = AuthTestProperties.behindTestProxy(db);
        p.put("redis.uri", "redis://127.0.0.1:" + redisLink.port());
        p.put("sessionstream.auth.rate-limit.redis-timeout", "500ms");
        return p;
    }

    @AfterAll
    void closeLink() {
        redisLink.close();
    }

    @Test
    void redisUnreachable_loginFailsClosedWith503_evenForTheRightPassword() throws Exception {
        String email = "redis-down-" + UUID.randomUUID() + "@example.com";
        String address = newAddress();
        assertThat(post("/api/users", credentials(email, PASSWORD), address).statusCode()).isEqualTo(202);
        assertThat(post("/api/auth/login", credentials(email, "not the password"), address).statusCode())
                .as("a first attempt while Redis answers").isEqualTo(401);

        redisLink.cut();
        HttpResponse<String> login = post("/api/auth/login", credentials(email, PASSWORD), address);

        assertThat(login.statusCode()).isEqualTo(503);
        assertThat(login.body()).contains("\"error\":\"store_unavailable\"");
        assertThat(login.headers().firstValue("Retry-After")).contains("1");
        assertThat(login.headers().firstValue("Set-Cookie")).isEmpty();
    }

    private HttpResponse<String> post(String path, String json, String forwardedFor) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
