package io.sessionstream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The event contract (session-events' AsyncAPI document and the JSON Schemas it refers to), as the running
 * auth-service serves it next to its OpenAPI spec: without a session, byte for byte what the session-events jar
 * holds, every schema the document refers to reachable by its relative {@code $ref}, with the security headers every
 * answer carries, and nothing else of the classpath reachable through the mapping.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsyncApiIT implements TestPropertyProvider {

    static final String DOCUMENT = "/asyncapi/session-events.yml";

    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = TestProperties.isolated(TestRedis.uniquePrefix(), SessionTopics.unique(),
                TestPostgres.newDatabase());
        p.put("micronaut.server.port", "-1");
        return p;
    }

    @Test
    void document_isServedWithoutASession_asTheContractModuleHoldsIt() throws Exception {
        HttpResponse<String> document = get(DOCUMENT);

        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).isEqualTo(classpath("META-INF/asyncapi/session-events.yml"));
        assertThat(document.body()).startsWith("#").contains("asyncapi: 3.0.0");
    }

    @Test
    void everySchemaTheDocumentRefersTo_isServedAtItsRelativeAddress() throws Exception {
        Set<String> refs = fileRefs(new Yaml(new SafeConstructor(new LoaderOptions())).load(get(DOCUMENT).body()));
        assertThat(refs).as("schema files the document refers to").isNotEmpty();

        for (String ref : refs) {
            HttpResponse<String> schema = get(URI.create(DOCUMENT).resolve(ref).getPath());
            assertThat(schema.statusCode()).as(ref).isEqualTo(200);
            assertThat(schema.headers().firstValue("Content-Type").orElse("")).as(ref).startsWith("application/json");
            assertThat(schema.body()).as(ref).isEqualTo(classpath("META-INF/asyncapi/" + ref));
        }
    }

    @Test
    void document_carriesTheSecurityHeadersOfEveryAnswer() throws Exception {
        HttpResponse<String> document = get(DOCUMENT);

        assertThat(document.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(document.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(document.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(document.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'");
    }

    @Test
    void mapping_servesNothingOutsideTheContractDirectory() throws Exception {
        for (String path : List.of("/asyncapi/../application.yml", "/asyncapi/%2e%2e/application.yml",
                "/asyncapi/..%2fapplication.yml", "/asyncapi/%2e%2e%2fapplication.yml", "/asyncapi/../logback.xml")) {
            HttpResponse<String> answer = get(path);
            assertThat(answer.body()).as(path).doesNotContain("datasources").doesNotContain("<configuration");
            assertThat(answer.statusCode()).as(path).isNotEqualTo(200);
        }
    }

    /** Every {@code $ref} of the document that names another file (not {@code #/...} inside it). */
    private static Set<String> fileRefs(Object node) {
        Set<String> refs = new TreeSet<>();
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if ("$ref".equals(k) && v instanceof String ref && !ref.startsWith("#")) {
                    refs.add(ref);
                } else {
                    refs.addAll(fileRefs(v));
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(v -> refs.addAll(fileRefs(v)));
        }
        return refs;
    }

    private static String classpath(String name) throws IOException {
        try (InputStream in = AsyncApiIT.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name + " on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        // A raw path: java.net.URI keeps the dots and escapes as written, as an attacker's client would send them.
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
