package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CachedSessionTest {

    private static final Instant CREATED = Instant.parse("2026-11-23T08:00:00.123Z");
    private static final Instant IDLE = CREATED.plusSeconds(3600);
    private static final Instant ABSOLUTE = CREATED.plusSeconds(86_400);

    private final SessionToken token = SessionToken.generate();

    @Test
    void principal_roundTripsEveryFieldOfAUuidUser() {
        String user = UUID.randomUUID().toString();

        SessionPrincipal p = session(user, token.secretHash()).principal(token.sessionId());

        assertThat(p).isEqualTo(new SessionPrincipal(user, token.sessionId(), CREATED, ABSOLUTE, IDLE,
                List.of("user", "admin")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"u1", "", "0F8FAD5B-D9CB-469F-A165-70867728950E", "f8fad5b-d9cb-469f-a165-70867728950e",
            "0f8fad5b-d9cb-469f-a165-70867728950e-x", "0f8fad5bxd9cb-469f-a165-70867728950e",
            "0f8fad5b-d9cb-469f-a165-70867728950g"})
    void userId_thatIsNotACanonicalUuid_isKeptExactly(String user) {
        CachedSession session = session(user, token.secretHash());

        assertThat(session.userId()).isEqualTo(user);
        assertThat(session.principal(token.sessionId()).userId()).isEqualTo(user);
        assertThat(session.userKey()).isEqualTo(UserKeys.of(user)).isEqualTo(user);
    }

    @Test
    void userKey_ofUuidUser_equalsTheKeyOfItsString() {
        String user = "0f8fad5b-d9cb-469f-a165-70867728950e";

        assertThat(session(user, token.secretHash()).userKey())
                .isEqualTo(UserKeys.of(user))
                .isEqualTo(UUID.fromString(user));
    }

    @Test
    void secretMatches_onlyTheTokensOwnSecret() {
        CachedSession session = session("u1", token.secretHash());

        assertThat(session.secretMatches(token)).isTrue();
        assertThat(session.secretMatches(SessionToken.generate())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hash", "", "not base64!"})
    void secretMatches_malformedStoredHash_matchesNoSecret(String stored) {
        assertThat(session("u1", stored).secretMatches(token)).isFalse();
    }

    @Test
    void secretMatches_storedHashWithPaddingOrOddTrailingBits_matchesNoSecret_asTheStringCompareDid() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String hash = token.secretHash();
        // The last of 43 characters carries 4 bits of the hash and 2 unused bits, zero when canonical.
        int last = alphabet.indexOf(hash.charAt(hash.length() - 1));
        String oddTrailingBits = hash.substring(0, hash.length() - 1) + alphabet.charAt(last + 1);

        assertThat(session("u1", hash + "=").secretMatches(token)).isFalse();
        assertThat(token.matches(oddTrailingBits)).isFalse();
        assertThat(session("u1", oddTrailingBits).secretMatches(token)).isFalse();
        assertThat(session("u1", null).secretMatches(token)).isFalse();
    }

    @Test
    void liveAt_sameAnswerAsThePrincipal_atTheMillisecondBoundaries() {
        CachedSession session = session("u1", token.secretHash());
        SessionPrincipal principal = session.principal(token.sessionId());

        for (Instant now : List.of(IDLE.minusNanos(1), IDLE, IDLE.plusNanos(1), CREATED, ABSOLUTE)) {
            assertThat(session.liveAt(now)).as("at %s", now).isEqualTo(principal.liveAt(now));
        }
    }

    private static CachedSession session(String user, String secretHash) {
        return CachedSession.of(user, CREATED.toEpochMilli(), ABSOLUTE.toEpochMilli(), IDLE.toEpochMilli(),
                List.of("user", "admin"), secretHash);
    }
}
