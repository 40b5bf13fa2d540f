package io.sessionstream.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionstream.store.RedisLayout.Family;
import org.junit.jupiter.api.Test;

/** The keys are the ones every deployed projector, client and auth-service already use: byte for byte. */
class RedisLayoutTest {

    private final RedisLayout layout = new RedisLayout("ss:");

    @Test
    void keys_areSpelledAsDeployed() {
        assertThat(layout.applied()).isEqualTo("ss:applied");
        assertThat(layout.session("sid-1")).isEqualTo("ss:s:sid-1");
        assertThat(layout.userSessions("u-1")).isEqualTo("ss:u:u-1");
        assertThat(layout.revoked("sid-1")).isEqualTo("ss:x:sid-1");
        assertThat(layout.userRevoked("u-1")).isEqualTo("ss:n:u-1");
        assertThat(layout.members()).isEqualTo("ss:m");
        assertThat(layout.member("app-1")).isEqualTo("ss:m:app-1");
        assertThat(layout.trace("sid-1")).isEqualTo("ss:t:sid-1");
        assertThat(layout.receipts()).isEqualTo("ss:receipts");
    }

    @Test
    void family_isThePrefixAndTheTag_ofEachOfItsKeys() {
        assertThat(layout.family(Family.SESSION)).isEqualTo("ss:s:");
        assertThat(layout.family(Family.USER_SESSIONS)).isEqualTo("ss:u:");
        assertThat(layout.family(Family.REVOKED)).isEqualTo("ss:x:");
        assertThat(layout.family(Family.USER_REVOKED)).isEqualTo("ss:n:");
        assertThat(layout.family(Family.MEMBER)).isEqualTo("ss:m:");
        assertThat(layout.family(Family.TRACE)).isEqualTo("ss:t:");
        assertThat(layout.idOf(Family.SESSION, layout.session("sid-1"))).isEqualTo("sid-1");
        assertThatThrownBy(() -> layout.idOf(Family.SESSION, layout.revoked("sid-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inProjection_isAppliedAndTheFourProjectedFamilies_notMembershipNorThrottleBuckets() {
        assertThat(layout.inProjection("ss:applied")).isTrue();
        assertThat(layout.inProjection(layout.session("a"))).isTrue();
        assertThat(layout.inProjection(layout.userSessions("a"))).isTrue();
        assertThat(layout.inProjection(layout.revoked("a"))).isTrue();
        assertThat(layout.inProjection(layout.userRevoked("a"))).isTrue();
        assertThat(layout.inProjection(layout.members())).isFalse();
        assertThat(layout.inProjection(layout.member("a"))).isFalse();
        assertThat(layout.inProjection(layout.trace("a"))).isFalse();
        assertThat(layout.inProjection("ss:rl:login:a")).isFalse();
        assertThat(layout.inProjection("ss:applied-aside")).isFalse();
        assertThat(layout.inProjection("other:s:a")).isFalse();
    }

    @Test
    void scanPattern_takesThePrefixLiterally() {
        assertThat(layout.scanPattern()).isEqualTo("ss:*");
        assertThat(new RedisLayout("a*[b]?\\:").scanPattern()).isEqualTo("a\\*\\[b\\]\\?\\\\:*");
        assertThat(layout.scanPattern(Family.SESSION)).isEqualTo("ss:s:*");
    }

    @Test
    void emptyPrefix_isAllowed() {
        assertThat(new RedisLayout("").session("x")).isEqualTo("s:x");
    }
}
