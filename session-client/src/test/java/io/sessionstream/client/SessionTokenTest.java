package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionTokenTest {

    @Test
    void generate_thenParse_givesTheSameSessionAndMatchingHash() {
        SessionToken token = SessionToken.generate();

        SessionToken parsed = SessionToken.parse(token.value()).orElseThrow();

        assertThat(parsed.sessionId()).isEqualTo(token.sessionId()).hasSize(22);
        assertThat(parsed.matches(token.secretHash())).isTrue();
    }

    @Test
    void matches_otherSecretsHash_isFalse() {
        assertThat(SessionToken.generate().matches(SessionToken.generate().secretHash())).isFalse();
        assertThat(SessionToken.generate().matches(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "a.b", "AAAAAAAAAAAAAAAAAAAAAA.short",
            "AAAAAAAAAAAAAAAAAAAAAA-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "AAAAAAAAAAAAAAAAAAAA!!.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void parse_garbage_isEmptyWithoutThrowing(String garbage) {
        assertThat(SessionToken.parse(garbage)).isEmpty();
    }

    @Test
    void toString_neverShowsTheSecret() {
        SessionToken token = SessionToken.generate();

        assertThat(token.toString()).contains(token.sessionId()).doesNotContain(token.value().substring(23));
    }
}
