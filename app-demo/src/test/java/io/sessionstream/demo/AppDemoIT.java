package io.sessionstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.testkit.Ports;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** app-demo alone against real Redis and Kafka; the whole-system tests in devstack cover it with the other services. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppDemoIT implements TestPropertyProvider {

    private final HttpClient http = HttpClient.newHttpClient();
    private final SessionTopics topics = SessionTopics.unique();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = TestProperties.isolated(TestRedis.uniquePrefix(), topics);
        p.put("sessionstream.demo.instance-id", "app-test");
        // Nothing listens here: the proxy must say so with a 502, not fail with a 500.
        p.put("sessionstream.demo.auth-service-url", "http://127.0.0.1:" + Ports.free());
        return p;
    }

    @Test
    void me_withoutOrWithGarbageToken_is401NamingTheInstance_neverAnError() throws Exception {
        for (String auth : new String[] {null, "Bearer garbage", "Bearer " + "A".repeat(22) + "." + "B".repeat(43), "Basic x"}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/me"));
            if (auth != null) {
                b.header("Authorization", auth);
            }
            HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(String.valueOf(auth)).isEqualTo(401);
            assertThat(response.body()).contains("app-test");
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        }
    }

    @Test
    void proxy_authServiceDown_answers502WithRetryAfter() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@example.com\",\"password\":\"whatever1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
        assertThat(response.body()).contains("auth_service_unavailable");
    }

    @Test
    void rootPage_isServedWithoutABuildStep() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri("/index.html")).build(),
                HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> script = http.send(HttpRequest.newBuilder(uri("/app.js")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Sessionstream").contains("app.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("/api/auth/login");
    }

    @Test
    void readiness_isUpOnceTheInvalidationConsumerIsPositioned() {
        await().atMost(Duration.ofSeconds(20)).until(() -> http.send(HttpRequest.newBuilder(uri("/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }
}
