package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OriginsTest {

    @Test
    void equalOrigins_haveOneSpelling() {
        assertThat(Origins.of("HTTPS://App.Example.com:443")).isEqualTo("https://app.example.com");
        assertThat(Origins.of("http://app.example.com:80/some/page?q=1")).isEqualTo("http://app.example.com");
        assertThat(Origins.of("http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
        assertThat(Origins.of("http://[::1]:8080/")).isEqualTo("http://[::1]:8080");
    }

    @Test
    void opaqueOrMalformedValues_haveNoOrigin() {
        assertThat(Origins.of("null")).isNull();
        assertThat(Origins.of("")).isNull();
        assertThat(Origins.of("file:///etc/passwd")).isNull();
        assertThat(Origins.of("http://exa mple.com")).isNull();
        assertThat(Origins.of("app.example.com")).isNull();
    }
}
