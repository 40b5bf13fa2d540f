package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionstream.events.Invalidation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NearCacheTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    private static final Duration SESSION_TTL = Duration.ofMinutes(10);
    private static final Duration TOMBSTONE_TTL = Duration.ofMinutes(30);

    private final FakeTicker ticker = new FakeTicker();
    private final NearCache cache = new NearCache(new SessionClientConfiguration("ss:", "inv", CacheMode.NEAR,
            1000, SESSION_TTL, TOMBSTONE_TTL, "activity", Duration.ofMinutes(1), "ss_session", Duration.ofSeconds(2)),
            ticker);

    @Test
    void cachedSession_isDroppedOnceItsTimeToLivePasses_soTheNextLookupReadsRedis() {
        cache.putUnlessRevoked("s1", session("u1", NOW), cache.generation());

        ticker.advance(SESSION_TTL.minusNanos(1));
        assertThat(cache.get("s1")).as("just inside the time-to-live").isPresent();

        ticker.advance(Duration.ofNanos(1));
        assertThat(cache.get("s1")).as("at the time-to-live").isEmpty();
    }

    @Test
    void tombstoneAndEpoch_outliveTheSessionTtl_andExpireAfterTheirOwn() {
        cache.onInvalidation(Invalidation.ofSessions("u1", List.of("s1"), "logout"));
        cache.onInvalidation(new Invalidation("u2", List.of(), true, null, NOW, "logout_everywhere"));

        ticker.advance(SESSION_TTL);
        assertThat(cache.isRevoked("s1")).as("a session read again from Redis is still rejected").isTrue();
        assertThat(cache.epoch("u2")).isPresent();

        ticker.advance(TOMBSTONE_TTL.minus(SESSION_TTL));
        assertThat(cache.isRevoked("s1")).isFalse();
        assertThat(cache.epoch("u2")).isEmpty();
    }

    @Test
    void putUnlessRevoked_afterInvalidationRace_neverReinsertsRevokedSession() {
        CachedSession readBeforeRevocation = session("u1", NOW);

        cache.onInvalidation(Invalidation.ofSessions("u1", List.of("s1"), "logout"));

        assertThat(cache.putUnlessRevoked("s1", readBeforeRevocation, cache.generation())).isFalse();
        assertThat(cache.get("s1")).isEmpty();
        assertThat(cache.isRevoked("s1")).isTrue();
    }

    @Test
    void onInvalidation_evictsCachedSessionAndIsIdempotent() {
        cache.putUnlessRevoked("s1", session("u1", NOW), cache.generation());
        Invalidation logout = Invalidation.ofSessions("u1", List.of("s1"), "logout");

        cache.onInvalidation(logout);
        cache.onInvalidation(logout);

        assertThat(cache.get("s1")).isEmpty();
        assertThat(cache.isRevoked("s1")).isTrue();
    }

    @Test
    void userWideInvalidation_revokesOlderSessionsOfThatUserOnly_exceptTheKeptOne_withoutListingThem() {
        cache.putUnlessRevoked("old", session("u1", NOW.minusSeconds(60)), cache.generation());
        cache.putUnlessRevoked("kept", session("u1", NOW.minusSeconds(30)), cache.generation());
        cache.putUnlessRevoked("newer", session("u1", NOW.plusSeconds(1)), cache.generation());
        cache.putUnlessRevoked("other", session("u2", NOW.minusSeconds(60)), cache.generation());

        cache.onInvalidation(new Invalidation("u1", List.of(), true, "kept", NOW, "password-changed"));

        assertThat(cache.isRevoked("old", session("u1", NOW.minusSeconds(60)))).isTrue();
        assertThat(cache.isRevoked("kept", session("u1", NOW.minusSeconds(30)))).isFalse();
        assertThat(cache.isRevoked("newer", session("u1", NOW.plusSeconds(1)))).isFalse();
        assertThat(cache.isRevoked("other", session("u2", NOW.minusSeconds(60)))).isFalse();
    }

    @Test
    void userWideInvalidation_ofUuidUser_revokesItsCachedSessionsByEpoch() {
        String user = UUID.randomUUID().toString();
        cache.putUnlessRevoked("old", session(user, NOW.minusSeconds(60)), cache.generation());

        cache.onInvalidation(new Invalidation(user, List.of(), true, null, NOW, "logout_everywhere"));

        assertThat(cache.isRevoked("old", cache.get("old").orElseThrow())).isTrue();
        assertThat(cache.epoch(user)).contains(new NearCache.Epoch(NOW, null));
        assertThat(cache.epoch(user.toUpperCase(Locale.ROOT))).isEmpty();
    }

    @Test
    void userWideInvalidation_withSubMillisecondEpoch_revokesSessionCreatedInThatMillisecond() {
        Instant epoch = NOW.plusNanos(500_000);
        cache.onInvalidation(new Invalidation("u1", List.of(), true, null, epoch, "logout_everywhere"));

        assertThat(cache.isRevoked("same-ms", session("u1", NOW))).isTrue();
        assertThat(cache.isRevoked("next-ms", session("u1", NOW.plusMillis(1)))).isFalse();
    }

    @Test
    void putUnlessRevoked_sessionOlderThanItsUsersEpoch_isNeverCached() {
        cache.onInvalidation(new Invalidation("u1", List.of(), true, null, NOW, "logout_everywhere"));

        assertThat(cache.putUnlessRevoked("raced", session("u1", NOW.minusSeconds(1)), cache.generation())).isFalse();
        assertThat(cache.get("raced")).isEmpty();
        assertThat(cache.putUnlessRevoked("fresh", session("u1", NOW), cache.generation())).isTrue();
    }

    @Test
    void putUnlessRevoked_readBeforeTheCacheWasEmptied_isAdmittedButNotCached() {
        long readGeneration = cache.generation();

        cache.clear();

        assertThat(cache.putUnlessRevoked("s1", session("u1", NOW), readGeneration)).isTrue();
        assertThat(cache.get("s1")).isEmpty();
        assertThat(cache.putUnlessRevoked("s1", session("u1", NOW), cache.generation())).isTrue();
        assertThat(cache.get("s1")).isPresent();
    }

    @Test
    void olderEpoch_arrivingLate_neverLowersTheNewerOne() {
        cache.onInvalidation(new Invalidation("u1", List.of(), true, null, NOW, "logout_everywhere"));
        cache.onInvalidation(new Invalidation("u1", List.of(), true, "s0", NOW.minusSeconds(60), "password_changed"));

        assertThat(cache.epoch("u1")).contains(new NearCache.Epoch(NOW, null));
    }

    private static CachedSession session(String user, Instant created) {
        return CachedSession.of(user, created.toEpochMilli(), created.plus(Duration.ofDays(7)).toEpochMilli(),
                created.plus(Duration.ofDays(1)).toEpochMilli(), List.of("user"), "hash");
    }
}
