package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
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
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code @Secured} on sessions, through Micronaut Security and the real HTTP server, against real
 * Redis and Kafka. Sessions are written to Redis in the projector's layout by hand, as in
 * {@link SessionValidatorIT}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionAuthenticationIT implements TestPropertyProvider {

    private final String prefix = TestRedis.uniquePrefix();
    private final SessionTopics topics = SessionTopics.unique();
    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;
    @Inject
    StatefulRedisConnection<String, String> redis;
    @Inject
    ValidationThreads validationThreads;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = TestProperties.isolated(prefix, topics);
        p.put(ValidationThreads.PROPERTY, "true");
        return p;
    }

    @Test
    void securedRoute_withBearerToken_seesUserIdRolesAndSessionId() throws Exception {
        SessionToken token = new StoredSessions(redis, prefix).store("user-1");

        HttpResponse<String> response = get(server, "/secured/me", "Authorization", "Bearer " + token.value());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"userId\":\"user-1\"", "\"roles\":[\"user\"]",
                "\"sessionId\":\"" + token.sessionId() + "\"", "\"absoluteExpiry\":\"20");
    }

    @Test
    void securedRoute_withSessionCookie_seesUserIdRolesAndSessionId() throws Exception {
        SessionToken token = new StoredSessions(redis, prefix).store("user-2");

        HttpResponse<String> response = get(server, "/secured/me", "Cookie", "ss_session=" + token.value());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"userId\":\"user-2\"", "\"sessionId\":\"" + token.sessionId() + "\"");
    }

    @Test
    void securedRoute_withoutToken_is401() throws Exception {
        assertThat(get(server, "/secured/me").statusCode()).isEqualTo(401);
    }

    @Test
    void securedRoute_withGarbageUnknownOrForgedToken_is401() throws Exception {
        SessionToken known = new StoredSessions(redis, prefix).store("user-3");
        SessionToken forged = new SessionToken(known.sessionId(), SessionToken.generate().secret());

        for (String token : new String[] {"garbage", SessionToken.generate().value(), forged.value()}) {
            assertThat(get(server, "/secured/me", "Authorization", "Bearer " + token).statusCode()).as(token).isEqualTo(401);
        }
    }

    @Test
    void refusals_401And403_answerInTheLibrarysOneErrorShape() throws Exception {
        SessionToken user = new StoredSessions(redis, prefix).store("user-shape");

        HttpResponse<String> none = get(server, "/secured/me");
        HttpResponse<String> revokedOrUnknown = get(server, "/secured/me", "Cookie", "ss_session=" + SessionToken.generate().value());
        HttpResponse<String> noRole = get(server, "/secured/admin", "Authorization", "Bearer " + user.value());

        for (HttpResponse<String> unauthenticated : List.of(none, revokedOrUnknown)) {
            assertThat(unauthenticated.statusCode()).isEqualTo(401);
            assertThat(unauthenticated.body()).isEqualTo("{\"error\":\"unauthenticated\",\"message\":\"No valid session\"}");
        }
        assertThat(noRole.statusCode()).isEqualTo(403);
        assertThat(noRole.body()).isEqualTo("{\"error\":\"forbidden\",\"message\":\"This session may not do that\"}");
    }

    @Test
    void adminRoute_forSessionWithRoleUserOnly_is403() throws Exception {
        SessionToken token = new StoredSessions(redis, prefix).store("user-4");

        assertThat(get(server, "/secured/admin", "Authorization", "Bearer " + token.value()).statusCode()).isEqualTo(403);
    }

    @Test
    void adminRoute_forSessionWithRolesUserAndAdmin_is200() throws Exception {
        SessionToken token = new StoredSessions(redis, prefix).store("user-5", Instant.now().plus(Duration.ofDays(1)), "user,admin");

        HttpResponse<String> response = get(server, "/secured/admin", "Authorization", "Bearer " + token.value());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"userId\":\"user-5\"", "\"roles\":[\"user\",\"admin\"]");
    }

    @Test
    void validation_runsOnTheBlockingExecutor_neverOnTheEventLoop() throws Exception {
        SessionToken token = new StoredSessions(redis, prefix).store("user-6");

        assertThat(get(server, "/secured/me", "Authorization", "Bearer " + token.value()).statusCode()).isEqualTo(200);

        assertThat(validationThreads.names()).isNotEmpty()
                .allSatisfy(name -> assertThat(name).doesNotContainIgnoringCase("eventloop").startsWith("io-executor"));
    }

    @Test
    void redisUnreachable_tokenThatCannotBeChecked_is503WithRetryAfter_never401Or200() throws Exception {
        Map<String, Object> down = new HashMap<>(TestProperties.isolated(TestRedis.uniquePrefix(), SessionTopics.unique()));
        down.put("redis.uri", "redis://127.0.0.1:" + Ports.free());
        try (ApplicationContext context = ApplicationContext.run(down)) {
            EmbeddedServer downServer = context.getBean(EmbeddedServer.class).start();
            String token = SessionToken.generate().value();

            for (String[] header : new String[][] {{"Authorization", "Bearer " + token}, {"Cookie", "ss_session=" + token}}) {
                HttpResponse<String> response = get(downServer, "/secured/me", header);

                assertThat(response.statusCode()).as(header[0]).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).contains("1");
                assertThat(response.body()).isEqualTo("{\"error\":\"store_unavailable\","
                        + "\"message\":\"The session store is unreachable; retry shortly\"}");
            }
            assertThat(get(downServer, "/secured/me").statusCode()).as("no token needs no store").isEqualTo(401);
        }
    }

    private HttpResponse<String> get(EmbeddedServer target, String path, String... header) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.getPort() + path))
                .timeout(Duration.ofSeconds(20));
        if (header.length == 2) {
            b.header(header[0], header[1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
