package io.sessionstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.client.SessionToken;
import io.sessionstream.testkit.Ports;
import io.sessionstream.testkit.ProjectedSession;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * app-demo behind Micronaut Security with session-client's fetcher, against real Redis and Kafka:
 * {@code /api/me} needs a session, while the pages, health and the auth-service proxy stay open.
 * The auth-service is a small HTTP server in this JVM that records what reaches it.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppDemoSecurityIT implements TestPropertyProvider {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String prefix = TestRedis.uniquePrefix();
    private final List<String> reachedAuthService = new CopyOnWriteArrayList<>();
    private final HttpServer authService = startAuthService();

    @Inject
    EmbeddedServer server;
    @Inject
    StatefulRedisConnection<String, String> redis;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = TestProperties.isolated(prefix, SessionTopics.unique());
        p.put("sessionstream.demo.instance-id", "app-sec");
        p.put("sessionstream.demo.auth-service-url", "http://127.0.0.1:" + authService.getAddress().getPort());
        return p;
    }

    @AfterAll
    void stopAuthService() {
        authService.stop(0);
    }

    @Test
    void me_withSessionAsBearerOrCookie_is200WithUserSessionAndInstance_notCached() throws Exception {
        SessionToken token = storeSession("user-1");

        for (String[] header : new String[][] {{"Authorization", "Bearer " + token.value()}, {"Cookie", "ss_session=" + token.value()}}) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/me")).header(header[0], header[1]));

            assertThat(response.statusCode()).as(header[0]).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"userId\":\"user-1\",\"sessionId\":\"" + token.sessionId()
                    + "\",\"instance\":\"app-sec\"}");
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        }
    }

    @Test
    void me_withoutSession_is401InTheDemoErrorShape() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/me")));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"error\":\"unauthenticated\",\"message\":\"No valid session\",\"instance\":\"app-sec\"}");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void ping_withoutSession_is200WithTheInstance_notCached() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/ping")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"instance\":\"app-sec\"}");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void pagesAndHealth_areReachableWithoutASession() throws Exception {
        for (String page : new String[] {"/", "/index.html"}) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(page)).header("Accept", "text/html"));
            assertThat(response.statusCode()).as(page).isEqualTo(200);
            assertThat(response.body()).as(page).contains("Sessionstream demo");
        }
        for (String file : new String[] {"/signin.html", "/sessions.html", "/reset.html", "/app.js", "/app.css",
                "/favicon.svg"}) {
            assertThat(send(HttpRequest.newBuilder(uri(file))).statusCode()).as(file).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> send(HttpRequest.newBuilder(uri("/health/readiness"))).statusCode() == 200);
        assertThat(send(HttpRequest.newBuilder(uri("/health"))).statusCode()).isEqualTo(200);
    }

    @Test
    void nearCacheMeters_areScrapableWithoutASession() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> send(HttpRequest.newBuilder(uri("/health/readiness"))).statusCode() == 200);

        HttpResponse<String> trusted = send(HttpRequest.newBuilder(uri("/metrics/sessionstream.nearcache.trusted")));
        HttpResponse<String> lost = send(HttpRequest.newBuilder(uri("/metrics/sessionstream.nearcache.trust.lost")));

        assertThat(trusted.statusCode()).isEqualTo(200);
        assertThat(trusted.body()).contains("\"statistic\":\"VALUE\",\"value\":1.0");
        assertThat(lost.statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(uri("/metrics/sessionstream.nearcache.size"))).statusCode()).isEqualTo(200);
    }

    @Test
    void prometheusScrape_showsTheSessionClientMeters_withoutASession() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> send(HttpRequest.newBuilder(uri("/health/readiness"))).statusCode() == 200);
        send(HttpRequest.newBuilder(uri("/api/me")).header("Authorization", "Bearer " + SessionToken.generate().value()));

        HttpResponse<String> scrape = send(HttpRequest.newBuilder(uri("/prometheus")));

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("sessionstream_nearcache_trusted 1.0", "sessionstream_nearcache_size",
                "sessionstream_nearcache_hit_ratio", "sessionstream_nearcache_trust_lost_total",
                "sessionstream_invalidation_lag_seconds_count", "sessionstream_validation_seconds_count{path=\"miss\"");
    }

    @Test
    void proxy_forwardsAnonymousRegisterAndLogin_toTheAuthService() throws Exception {
        HttpResponse<String> register = send(HttpRequest.newBuilder(uri("/api/users")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@example.com\",\"password\":\"whatever1\"}")));
        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/api/auth/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@example.com\",\"password\":\"whatever1\"}")));

        assertThat(register.statusCode()).isEqualTo(201);
        assertThat(register.body()).isEqualTo("{\"from\":\"auth-service\"}");
        assertThat(login.statusCode()).isEqualTo(201);
        assertThat(reachedAuthService).contains(
                "POST /api/users {\"email\":\"a@example.com\",\"password\":\"whatever1\"}",
                "POST /api/auth/login {\"email\":\"a@example.com\",\"password\":\"whatever1\"}");
    }

    @Test
    void me_redisUnreachable_is503WithRetryAfterInTheDemoErrorShape_never401() throws Exception {
        Map<String, Object> down = new HashMap<>(getProperties());
        down.put("redis.uri", "redis://127.0.0.1:" + Ports.free());
        down.put("micronaut.server.port", "-1");
        try (ApplicationContext context = ApplicationContext.run(down)) {
            EmbeddedServer downServer = context.getBean(EmbeddedServer.class).start();

            HttpResponse<String> response = send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + downServer.getPort() + "/api/me"))
                    .header("Authorization", "Bearer " + SessionToken.generate().value()));

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).contains("1");
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(response.body()).isEqualTo("{\"error\":\"store_unavailable\","
                    + "\"message\":\"The session store is unreachable; retry shortly\",\"instance\":\"app-sec\"}");
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    private SessionToken storeSession(String userId) {
        SessionToken token = SessionToken.generate();
        ProjectedSession.store(redis.sync(), prefix, token.sessionId(), ProjectedSession.hash(userId, token.secretHash()));
        return token;
    }

    private HttpServer startAuthService() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            s.createContext("/", this::answerAsAuthService);
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void answerAsAuthService(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
            reachedAuthService.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "{\"from\":\"auth-service\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            out.write(body);
        }
    }
}
