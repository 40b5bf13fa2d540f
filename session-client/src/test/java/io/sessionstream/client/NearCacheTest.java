package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionstream.events.Invalidation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NearCacheTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    private final NearCache cache = new NearCache(new SessionClientConfiguration("ss:", "inv", CacheMode.NEAR,
            1000, Duration.ofMinutes(10), Duration.ofMinutes(10), "activity", Duration.ofMinutes(1), "ss_session"));

    @Test
    void putUnlessRevoked_afterInvalidationRace_neverReinsertsRevokedSession() {
        StoredSession readBeforeRevocation = session("u1", "s1", NOW);

        cache.onInvalidation(Invalidation.ofSessions("u1", List.of("s1"), "logout"));

        assertThat(cache.putUnlessRevoked(readBeforeRevocation)).isFalse();
        assertThat(cache.get("s1")).isEmpty();
        assertThat(cache.isRevoked("s1")).isTrue();
    }

    @Test
    void onInvalidation_evictsCachedSessionAndIsIdempotent() {
        cache.putUnlessRevoked(session("u1", "s1", NOW));
        Invalidation logout = Invalidation.ofSessions("u1", List.of("s1"), "logout");

        cache.onInvalidation(logout);
        cache.onInvalidation(logout);

        assertThat(cache.get("s1")).isEmpty();
        assertThat(cache.isRevoked("s1")).isTrue();
    }

    @Test
    void userWideInvalidation_revokesOlderSessionsOfThatUserOnly_exceptTheKeptOne_withoutListingThem() {
        cache.putUnlessRevoked(session("u1", "old", NOW.minusSeconds(60)));
        cache.putUnlessRevoked(session("u1", "kept", NOW.minusSeconds(30)));
        cache.putUnlessRevoked(session("u1", "newer", NOW.plusSeconds(1)));
        cache.putUnlessRevoked(session("u2", "other", NOW.minusSeconds(60)));

        cache.onInvalidation(new Invalidation("u1", List.of(), true, "kept", NOW, "password-changed"));

        assertThat(cache.isRevoked(session("u1", "old", NOW.minusSeconds(60)).principal())).isTrue();
        assertThat(cache.isRevoked(session("u1", "kept", NOW.minusSeconds(30)).principal())).isFalse();
        assertThat(cache.isRevoked(session("u1", "newer", NOW.plusSeconds(1)).principal())).isFalse();
        assertThat(cache.isRevoked(session("u2", "other", NOW.minusSeconds(60)).principal())).isFalse();
    }

    @Test
    void putUnlessRevoked_sessionOlderThanItsUsersEpoch_isNeverCached() {
        cache.onInvalidation(new Invalidation("u1", List.of(), true, null, NOW, "logout_everywhere"));

        assertThat(cache.putUnlessRevoked(session("u1", "raced", NOW.minusSeconds(1)))).isFalse();
        assertThat(cache.get("raced")).isEmpty();
        assertThat(cache.putUnlessRevoked(session("u1", "fresh", NOW))).isTrue();
    }

    @Test
    void olderEpoch_arrivingLate_neverLowersTheNewerOne() {
        cache.onInvalidation(new Invalidation("u1", List.of(), true, null, NOW, "logout_everywhere"));
        cache.onInvalidation(new Invalidation("u1", List.of(), true, "s0", NOW.minusSeconds(60), "password_changed"));

        assertThat(cache.epoch("u1")).contains(new NearCache.Epoch(NOW, null));
    }

    private static StoredSession session(String user, String sid, Instant created) {
        return new StoredSession(new SessionPrincipal(user, sid, created, created.plus(Duration.ofDays(7)),
                created.plus(Duration.ofDays(1)), List.of("user")), "hash");
    }
}
