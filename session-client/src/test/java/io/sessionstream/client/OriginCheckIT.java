package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The application's own cookie routes refuse cross-site request forgery by default ({@link OriginCheckFilter}),
 * attacked the way a hostile page would: a form POST from another site carrying the victim's cookie, with its
 * Origin, a Referer only, an opaque origin, none at all, and forwarding headers a client made up. Same-origin pages
 * and API clients with a bearer token go on working.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OriginCheckIT implements TestPropertyProvider {

    private static final String EVIL = "https://evil.example";

    private final String prefix = TestRedis.uniquePrefix();
    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;
    @Inject
    StatefulRedisConnection<String, String> redis;

    @Override
    public Map<String, String> getProperties() {
        return TestProperties.isolated(prefix, SessionTopics.unique());
    }

    @Test
    void crossSiteFormPost_withTheVictimsCookie_is403CrossOrigin_andNeverReachesTheRoute() throws Exception {
        SessionToken victim = sessions().store("victim-1");
        int placed = SecuredTestController.ORDERS_PLACED.get();

        HttpResponse<String> response = post(server, "Cookie", "ss_session=" + victim.value(), "Origin", EVIL);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"error\":\"cross_origin\",\"message\":\"" + OriginCheck.FOREIGN_ORIGIN + "\"}");
        assertThat(SecuredTestController.ORDERS_PLACED.get()).isEqualTo(placed);
    }

    @Test
    void cookiePost_fromAnotherOriginByRefererOnly_orAnOpaqueOrigin_orTheSecureCookieName_is403() throws Exception {
        SessionToken victim = sessions().store("victim-2");

        assertThat(post(server, "Cookie", "ss_session=" + victim.value(), "Referer", EVIL + "/page").statusCode()).isEqualTo(403);
        assertThat(post(server, "Cookie", "ss_session=" + victim.value(), "Origin", "null").statusCode()).isEqualTo(403);
        assertThat(post(server, "Cookie", "__Host-ss_session=" + victim.value(), "Origin", EVIL).statusCode()).isEqualTo(403);
        // A sibling on the same site is another origin too (SameSite=Lax would let its cookie through).
        assertThat(post(server, "Cookie", "ss_session=" + victim.value(), "Origin", "http://127.0.0.1:1").statusCode()).isEqualTo(403);
    }

    @Test
    void cookiePost_withNeitherOriginNorReferer_is403() throws Exception {
        SessionToken victim = sessions().store("victim-3");

        HttpResponse<String> response = post(server, "Cookie", "ss_session=" + victim.value());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"error\":\"cross_origin\"", OriginCheck.NO_ORIGIN);
    }

    @Test
    void cookiePost_claimingTheOwnOriginThroughForwardingHeaders_fromAnUntrustedPeer_is403() throws Exception {
        SessionToken victim = sessions().store("victim-4");

        assertThat(post(server, "Cookie", "ss_session=" + victim.value(), "Origin", EVIL,
                "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https").statusCode()).isEqualTo(403);
    }

    @Test
    void sameOriginPost_withTheCookie_passes() throws Exception {
        SessionToken user = sessions().store("user-same-origin");

        HttpResponse<String> byOrigin = post(server, "Cookie", "ss_session=" + user.value(), "Origin", ownOrigin(server));
        HttpResponse<String> byReferer = post(server, "Cookie", "ss_session=" + user.value(), "Referer", ownOrigin(server) + "/orders.html");

        assertThat(byOrigin.statusCode()).as(byOrigin.body()).isEqualTo(200);
        assertThat(byOrigin.body()).contains("\"placedBy\":\"user-same-origin\"");
        assertThat(byReferer.statusCode()).isEqualTo(200);
    }

    @Test
    void bearerPost_withoutOriginOrFromAnyOrigin_passes() throws Exception {
        SessionToken client = sessions().store("api-client");

        assertThat(post(server, "Authorization", "Bearer " + client.value()).statusCode()).isEqualTo(200);
        // Another origin that Micronaut's own drive-by-localhost guard lets through to this server on 127.0.0.1.
        assertThat(post(server, "Authorization", "Bearer " + client.value(), "Origin", "http://localhost:1").statusCode())
                .isEqualTo(200);
    }

    @Test
    void getWithTheCookie_fromAnotherOrigin_isNotJudged() throws Exception {
        SessionToken user = sessions().store("user-get");

        // Another origin that Micronaut's own drive-by-localhost guard lets through to this server on 127.0.0.1.
        assertThat(get(server, "/secured/me", "Cookie", "ss_session=" + user.value(), "Origin", "http://localhost:1")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void behindATrustedProxy_theOriginTheBrowserSaw_passes_andAnAllowedOriginToo() throws Exception {
        Map<String, Object> p = new HashMap<>(TestProperties.isolated(prefix, SessionTopics.unique()));
        p.put("sessionstream.client.forwarded.trusted-proxies", "127.0.0.1");
        p.put("sessionstream.client.csrf.allowed-origins", "https://admin.example.com");
        try (ApplicationContext context = ApplicationContext.run(p)) {
            EmbeddedServer proxied = context.getBean(EmbeddedServer.class).start();
            String cookie = "ss_session=" + sessions().store("user-behind-proxy").value();

            assertThat(post(proxied, "Cookie", cookie, "Origin", "https://app.example.com",
                    "X-Forwarded-Host", "app.example.com", "X-Forwarded-Proto", "https").statusCode()).isEqualTo(200);
            // Through the proxy: Micronaut's drive-by-localhost guard refuses other origins to a server it sees as localhost.
            assertThat(post(proxied, "Cookie", cookie, "Origin", "https://admin.example.com",
                    "X-Forwarded-Host", "app.example.com", "X-Forwarded-Proto", "https").statusCode()).isEqualTo(200);
            assertThat(post(proxied, "Cookie", cookie, "Origin", EVIL,
                    "X-Forwarded-Host", "app.example.com", "X-Forwarded-Proto", "https").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void switchedOff_crossSiteCookiePost_isLeftToTheApplication() throws Exception {
        Map<String, Object> p = new HashMap<>(TestProperties.isolated(prefix, SessionTopics.unique()));
        p.put(CsrfConfiguration.ENABLED, "false");
        p.put("sessionstream.client.forwarded.trusted-proxies", "127.0.0.1");
        try (ApplicationContext context = ApplicationContext.run(p)) {
            EmbeddedServer off = context.getBean(EmbeddedServer.class).start();

            assertThat(post(off, "Cookie", "ss_session=" + sessions().store("user-off").value(), "Origin", EVIL,
                    "X-Forwarded-Host", "app.example.com", "X-Forwarded-Proto", "https").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anAllowedOriginThatIsNotAnOrigin_failsStartup_namingTheSetting() {
        Map<String, Object> p = new HashMap<>(TestProperties.isolated(prefix, SessionTopics.unique()));
        p.put("sessionstream.client.csrf.allowed-origins", "admin.example.com");
        try (ApplicationContext context = ApplicationContext.run(p)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> context.getBean(OriginCheckFilter.class))
                    .hasStackTraceContaining("sessionstream.client.csrf.allowed-origins: 'admin.example.com' is not an origin");
        }
    }

    private StoredSessions sessions() {
        return new StoredSessions(redis, prefix);
    }

    private static String ownOrigin(EmbeddedServer target) {
        return "http://127.0.0.1:" + target.getPort();
    }

    /** A form POST to the application's own state-changing route, as a browser (or a forger) sends it. */
    private HttpResponse<String> post(EmbeddedServer target, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ownOrigin(target) + "/secured/orders"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("item=piano&quantity=1"));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(EmbeddedServer target, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ownOrigin(target) + path)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
