package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sessionstream.store.RedisTimeout;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TcpProxy;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An application that sets only the Redis and Kafka addresses, no {@code redis.timeout}: when Redis accepts
 * connections but stops answering, a valid session that must be read from Redis gets 503 within about a second
 * (the library's default), not after Lettuce's minute.
 */
class RedisTimeoutDefaultIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void noRedisTimeoutSet_redisStopsAnswering_validSessionIs503WithinTwoSeconds() throws Exception {
        String prefix = TestRedis.uniquePrefix();
        URI redis = URI.create(TestRedis.uri());
        Map<String, Object> properties = Map.copyOf(TestProperties.isolated(prefix, SessionTopics.unique()));
        assertThat(properties).doesNotContainKey(RedisTimeout.PROPERTY);
        RedisClient direct = RedisClient.create(TestRedis.uri());
        try (TcpProxy redisLink = TcpProxy.to(redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort());
             StatefulRedisConnection<String, String> store = direct.connect()) {
            Map<String, Object> app = new java.util.HashMap<>(properties);
            app.put("redis.uri", "redis://127.0.0.1:" + redisLink.port());
            try (ApplicationContext context = ApplicationContext.run(app)) {
                EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
                SessionToken valid = new StoredSessions(store, prefix).store("user-timeout");
                // The connection through the link is open and used: Redis answered before it hung.
                assertThat(get(server, SessionToken.generate().value()).statusCode()).isEqualTo(401);

                redisLink.freeze();
                long start = System.nanoTime();
                HttpResponse<String> response = get(server, valid.value());
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.body()).contains("\"error\":\"store_unavailable\"");
                assertThat(took).isLessThan(Duration.ofSeconds(2));
                redisLink.thaw(); // so that the context closes its connections without waiting on a hung Redis
            }
        } finally {
            direct.shutdown();
        }
    }

    private HttpResponse<String> get(EmbeddedServer server, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + "/secured/me"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(90)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
