package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmarks' hook measures the real thing: a filled near cache that admits exactly the fixture's token. */
class MeasuringTest {

    @Test
    void hotPath_admitsTheFixtureToken_fromTheCache() {
        SessionToken token = SessionToken.generate();
        Measuring.HotPath hotPath = Measuring.hotPath(token, 100);

        assertThat(hotPath.lookUp(token.sessionId())).isPresent();
        assertThat(hotPath.secretMatches(token)).isTrue();
        assertThat(hotPath.admit(token.value())).extracting(SessionPrincipal::sessionId).isEqualTo(token.sessionId());
    }

    @Test
    void hotPath_rejectsAnotherSecretAndAnUnknownSession() {
        SessionToken token = SessionToken.generate();
        Measuring.HotPath hotPath = Measuring.hotPath(token, 10);
        SessionToken forged = new SessionToken(token.sessionId(), SessionToken.generate().secret());
        SessionToken unknown = SessionToken.generate();

        assertThat(hotPath.secretMatches(forged)).isFalse();
        assertThat(hotPath.admit(forged.value())).isNull();
        assertThat(hotPath.lookUp(unknown.sessionId())).isEmpty();
        assertThat(hotPath.admit(unknown.value())).isNull();
    }

    @Test
    void emptyNearCache_holdsWhatIsFilledIn() {
        Measuring.Fill fill = Measuring.emptyNearCache(1_001);

        fill.fill(1_000);

        assertThat(fill.size()).isEqualTo(1_000);
    }
}
