package io.sessionstream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.web.router.Router;
import io.sessionstream.testkit.OpenApiSpec;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The OpenAPI spec micronaut-openapi generates at compile time, as the running auth-service serves it,
 * against the routes the same service really has: nothing missing, nothing invented.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiIT implements TestPropertyProvider {

    static final String SPEC = "/swagger/auth-service.yml";
    static final String UI = "/swagger-ui/";

    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;
    @Inject
    Router router;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = TestProperties.isolated(TestRedis.uniquePrefix(), SessionTopics.unique(),
                TestPostgres.newDatabase());
        // A free port, not application.yml's fixed one, which a running service or another build may hold.
        p.put("micronaut.server.port", "-1");
        return p;
    }

    @Test
    void spec_listsEveryApiRoute_andNoOperationWithoutARoute() throws Exception {
        HttpResponse<String> spec = get(SPEC);
        assertThat(spec.statusCode()).isEqualTo(200);

        Set<String> documented = OpenApiSpec.operations(spec.body());
        Set<String> routed = apiRoutes();

        assertThat(routed).as("routes under /api").isNotEmpty();
        assertThat(OpenApiSpec.missing(routed, documented)).as("routes missing from " + SPEC).isEmpty();
        assertThat(OpenApiSpec.missing(documented, routed)).as("operations in " + SPEC + " that no route serves").isEmpty();
    }

    @Test
    void swaggerUi_isServed_withItsScriptsAndTheSpecUrl_outsideTheApiFilters() throws Exception {
        HttpResponse<String> page = get(UI);
        HttpResponse<String> script = get("/swagger-ui/res/swagger-ui-bundle.js");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(SPEC);
        assertThat(script.statusCode()).isEqualTo(200);
        // The spec and UI are static documents, not API answers: the /api/** no-store filter leaves them cacheable.
        assertThat(page.headers().firstValue("Cache-Control").orElse("")).doesNotContain("no-store");
    }

    /** {@code "METHOD /template"} of every route under /api, but the HEAD beside each GET. */
    private Set<String> apiRoutes() {
        return OpenApiSpec.withoutImplicitHead(router.uriRoutes()
                .map(r -> r.getHttpMethodName() + " " + r.getUriMatchTemplate().toPathString())
                .filter(r -> r.contains(" /api/"))
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
