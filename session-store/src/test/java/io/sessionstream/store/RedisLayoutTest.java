package io.sessionstream.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionstream.store.RedisLayout.Family;
import org.junit.jupiter.api.Test;

/** The keys, byte for byte, and the Redis Cluster slots their hash tags put them in. */
class RedisLayoutTest {

    private final RedisLayout layout = new RedisLayout("ss:");

    @Test
    void keys_areSpelledWithTheirHashTags() {
        String userTag = RedisLayout.userTag("u-1");
        assertThat(layout.applied()).isEqualTo("ss:applied");
        assertThat(layout.session("sid-1")).isEqualTo("ss:s:{sid-}sid-1");
        assertThat(layout.userSessions("u-1")).isEqualTo("ss:u:{" + userTag + "}u-1");
        assertThat(layout.revoked("sid-1")).isEqualTo("ss:x:{sid-}sid-1");
        assertThat(layout.userRevoked("u-1")).isEqualTo("ss:n:{" + userTag + "}u-1");
        assertThat(layout.fence("u-1")).isEqualTo("ss:f:{" + userTag + "}u-1");
        assertThat(layout.members()).isEqualTo("ss:{m}");
        assertThat(layout.member("app-1")).isEqualTo("ss:{m}:app-1");
        assertThat(layout.trace("sid-1")).isEqualTo("ss:t:{sid-}sid-1");
        assertThat(layout.receipts()).isEqualTo("ss:receipts");
    }

    @Test
    void userTag_isFourBase64urlCharactersOfTheUsersSha256_andStable() {
        // echo -n u-1 | sha256sum: a24a7f55...; the bytes a2 4a 7f in base64url are "okp_".
        assertThat(RedisLayout.userTag("u-1")).isEqualTo("okp_");
        assertThat(RedisLayout.userTag("u-1")).isEqualTo(RedisLayout.userTag("u-1"));
        assertThat(RedisLayout.userTag("u-1")).isNotEqualTo(RedisLayout.userTag("u-2"));
    }

    @Test
    void aMintedSessionId_isInItsUsersSlot_soOneScriptMayTouchTheSessionAndTheUsersKeys() {
        String user = "6f1c1b0e-4a39-4c55-9d0c-8f3f6b1d2a77";
        String sid = SessionIds.mint(user);
        assertThat(sid).hasSize(22).startsWith(RedisLayout.userTag(user));
        assertThat(RedisLayout.inUserSlot(user, sid)).isTrue();
        assertThat(slot(layout.session(sid))).isEqualTo(slot(layout.userSessions(user)))
                .isEqualTo(slot(layout.revoked(sid))).isEqualTo(slot(layout.userRevoked(user)))
                .isEqualTo(slot(layout.fence(user))).isEqualTo(slot(layout.trace(sid)));
        assertThat(slot(layout.members())).isEqualTo(slot(layout.member("app-1")));
        assertThat(RedisLayout.inUserSlot(user, "AAAAAAAAAAAAAAAAAAAAAA")).isFalse();
    }

    @Test
    void usersSpreadOverTheSlots_notOneHotSlot() {
        java.util.Set<Integer> slots = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            slots.add(slot(layout.userSessions(java.util.UUID.randomUUID().toString())));
        }
        // 10,000 users over 16,384 slots: about 7,800 distinct slots are expected; one hash tag for all would give 1.
        assertThat(slots.size()).isGreaterThan(7_000);
    }

    @Test
    void aBracedPrefix_isRefused_asItWouldPutEveryKeyInOneSlot() {
        assertThatThrownBy(() -> new RedisLayout("{ss}:")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one slot");
    }

    private static int slot(String key) {
        return io.lettuce.core.cluster.SlotHash.getSlot(key);
    }

    @Test
    void family_isThePrefixAndTheTag_ofEachOfItsKeys() {
        assertThat(layout.family(Family.SESSION)).isEqualTo("ss:s:");
        assertThat(layout.family(Family.USER_SESSIONS)).isEqualTo("ss:u:");
        assertThat(layout.family(Family.REVOKED)).isEqualTo("ss:x:");
        assertThat(layout.family(Family.USER_REVOKED)).isEqualTo("ss:n:");
        assertThat(layout.family(Family.MEMBER)).isEqualTo("ss:{m}:");
        assertThat(layout.family(Family.FENCE)).isEqualTo("ss:f:");
        assertThat(layout.idOf(Family.USER_SESSIONS, layout.userSessions("u-1"))).isEqualTo("u-1");
        assertThat(layout.family(Family.TRACE)).isEqualTo("ss:t:");
        assertThat(layout.idOf(Family.SESSION, layout.session("sid-1"))).isEqualTo("sid-1");
        assertThatThrownBy(() -> layout.idOf(Family.SESSION, layout.revoked("sid-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inProjection_isAppliedAndTheFiveProjectedFamilies_notMembershipNorThrottleBuckets() {
        assertThat(layout.inProjection("ss:applied")).isTrue();
        assertThat(layout.inProjection(layout.session("a"))).isTrue();
        assertThat(layout.inProjection(layout.userSessions("a"))).isTrue();
        assertThat(layout.inProjection(layout.revoked("a"))).isTrue();
        assertThat(layout.inProjection(layout.userRevoked("a"))).isTrue();
        assertThat(layout.inProjection(layout.fence("a"))).isTrue();
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
        assertThat(new RedisLayout("").session("x")).isEqualTo("s:{x}x");
    }
}
