package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import org.junit.jupiter.api.Test;

class TraceIdsTest {

    @Test
    void of_validTraceparent_takesItsTraceId() {
        HttpRequest<?> request = HttpRequest.GET("/").header("traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        assertThat(TraceIds.of(request)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void of_missingOrMalformedTraceparent_makesANewOne() {
        String fresh = TraceIds.of(HttpRequest.GET("/"));
        String fromGarbage = TraceIds.of(HttpRequest.GET("/").header("traceparent", "garbage"));

        assertThat(fresh).matches("[0-9a-f]{32}");
        assertThat(fromGarbage).matches("[0-9a-f]{32}").isNotEqualTo(fresh);
    }
}
