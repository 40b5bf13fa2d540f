package io.sessionstream.auth.sessions;

import io.sessionstream.auth.AuthTestProperties;
import static io.sessionstream.auth.sessions.LoginThrottleIT.credentials;
import static io.sessionstream.auth.sessions.LoginThrottleIT.newAddress;
import static io.sessionstream.auth.sessions.LoginThrottleIT.retryAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A locked account gets its attempts back as its bucket refills, in real time against real Redis:
 * 2 failures per 4 s give one attempt back every 2 s (long enough for the failures to lock the
 * account before the first token is back, even on a busy machine).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginThrottleRefillIT implements TestPropertyProvider {

    private static final String PASSWORD = "correct horse battery";

    private final TestPostgres.Database db = TestPostgres.newDatabase();
    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = AuthTestProperties.behindTestProxy(db);
        p.put("sessionstream.auth.rate-limit.account-failures", "2");
        p.put("sessionstream.auth.rate-limit.account-window", "4s");
        return p;
    }

    @Test
    void lockedAccount_canLogInAgain_onceItsBucketHasRefilled() throws Exception {
        String email = "refill-" + UUID.randomUUID() + "@example.com";
        String address = newAddress();
        assertThat(post("/api/users", credentials(email, PASSWORD), address).statusCode()).isEqualTo(202);
        assertThat(post("/api/auth/login", credentials(email, "not the password"), address).statusCode()).isEqualTo(401);
        assertThat(post("/api/auth/login", credentials(email, "not the password"), address).statusCode()).isEqualTo(401);

        HttpResponse<String> locked = post("/api/auth/login", credentials(email, PASSWORD), address);

        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(retryAfter(locked)).isBetween(1, 2);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> post("/api/auth/login", credentials(email, PASSWORD), address).statusCode() == 200);
    }

    private HttpResponse<String> post(String path, String json, String forwardedFor) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
