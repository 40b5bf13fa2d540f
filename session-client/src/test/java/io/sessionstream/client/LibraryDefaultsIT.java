package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.security.authentication.BasicAuthAuthenticationFetcher;
import io.micronaut.security.endpoints.introspection.IntrospectionController;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A new application that adds session-client and sets only the Kafka and Redis addresses (and a key prefix of its
 * own, for isolation) is closed where it never chose to be open: no management endpoint but health, no Basic auth,
 * no token introspection. And its own configuration still wins over each default ({@link LibraryDefaults}).
 */
class LibraryDefaultsIT {

    private static final List<String> UNASKED_ENDPOINTS = List.of("/beans", "/routes", "/env", "/info", "/loggers",
            "/refresh", "/threaddump", "/caches", "/stop");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void minimalApp_exposesNoManagementEndpointButHealth_toAnyoneSignedInOrNot() throws Exception {
        String prefix = TestRedis.uniquePrefix();
        try (ApplicationContext context = ApplicationContext.run(minimalApp(prefix))) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            @SuppressWarnings("unchecked")
            StatefulRedisConnection<String, String> redis = context.getBean(StatefulRedisConnection.class);
            SessionToken signedIn = new StoredSessions(redis, prefix).store("user-curious");

            for (String path : UNASKED_ENDPOINTS) {
                for (String[] who : new String[][] {{}, {"Authorization", "Bearer " + signedIn.value()},
                        {"Cookie", "ss_session=" + signedIn.value()}}) {
                    HttpResponse<String> response = get(server, path, who);
                    assertThat(response.statusCode()).as("%s %s", path, List.of(who)).isIn(401, 403, 404);
                    assertThat(response.body()).as(path).doesNotContain("Bean", "java.", "jdk.", "redis", "kafka");
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                HttpResponse<String> health = get(server, "/health");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
            });
        }
    }

    @Test
    void minimalApp_hasNoBasicAuthAndNoTokenIntrospection() throws Exception {
        String prefix = TestRedis.uniquePrefix();
        try (ApplicationContext context = ApplicationContext.run(minimalApp(prefix))) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();

            assertThat(context.containsBean(BasicAuthAuthenticationFetcher.class)).isFalse();
            assertThat(context.containsBean(IntrospectionController.class)).isFalse();
            HttpResponse<String> basic = get(server, "/secured/me", "Authorization", "Basic dXNlcjpwYXNzd29yZA==");
            assertThat(basic.statusCode()).isEqualTo(401);
            assertThat(basic.headers().allValues("WWW-Authenticate")).noneMatch(v -> v.startsWith("Basic"));
        }
    }

    @Test
    void theAppsOwnConfigurationFile_winsOverEveryDefault() {
        // application-ownsettings.yml is read like an application.yml: a file of the application's own.
        try (ApplicationContext context = ApplicationContext.builder(minimalApp(TestRedis.uniquePrefix()))
                .environments("ownsettings").start()) {
            assertThat(context.getProperty("endpoints.info.enabled", Boolean.class)).contains(true);
            assertThat(context.getProperty("endpoints.health.details-visible", String.class)).contains("ANONYMOUS");
            assertThat(context.getProperty("micronaut.security.basic-auth.enabled", Boolean.class)).contains(true);
            assertThat(context.getEnvironment().getPropertySources()).anyMatch(s -> s.getName().equals(LibraryDefaults.NAME));
        }
    }

    private static Map<String, Object> minimalApp(String prefix) {
        Map<String, Object> p = new HashMap<>(TestProperties.isolated(prefix, SessionTopics.unique()));
        p.put("micronaut.server.port", -1);
        return p;
    }

    private HttpResponse<String> get(EmbeddedServer server, String path, String... header) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofSeconds(20));
        if (header.length == 2) {
            b.header(header[0], header[1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
