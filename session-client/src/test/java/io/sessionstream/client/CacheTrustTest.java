package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CacheTrustTest {

    private static final Duration BOUND = Duration.ofSeconds(2);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final NearCache cache = new NearCache(new SessionClientConfiguration("ss:", "inv", CacheMode.NEAR,
            1000, Duration.ofMinutes(10), Duration.ofMinutes(10), "activity", Duration.ofMinutes(1), "ss_session", BOUND));
    private final CacheTrust trust = new CacheTrust(cache, BOUND, nanos::get);

    @Test
    void newInstance_isUntrusted_untilItsConsumerCaughtUpOnce() {
        assertThat(trust.isTrusted()).isFalse();
        assertThat(trust.sinceCaughtUp()).isEmpty();

        trust.caughtUp(nanos.get());

        assertThat(trust.isTrusted()).isTrue();
        assertThat(trust.losses()).isZero();
    }

    @Test
    void noCatchUpWithinTheBound_emptiesTheCacheOnce_andCountsOneLoss() {
        trust.caughtUp(nanos.get());
        cache.putUnlessRevoked("s1", session(), cache.generation());

        advance(BOUND.plusMillis(1));

        assertThat(trust.isTrusted()).isFalse();
        assertThat(trust.isTrusted()).isFalse();
        assertThat(cache.get("s1")).isEmpty();
        assertThat(trust.losses()).isEqualTo(1);
    }

    @Test
    void exactlyAtTheBound_theCacheIsStillTrusted() {
        trust.caughtUp(nanos.get());

        advance(BOUND);

        assertThat(trust.isTrusted()).isTrue();
    }

    @Test
    void catchingUpAgain_restoresTrust_butAnOlderReportNeverMovesFreshnessBack() {
        long first = nanos.get();
        trust.caughtUp(first);
        advance(Duration.ofSeconds(5));
        assertThat(trust.isTrusted()).isFalse();

        trust.caughtUp(nanos.get());
        assertThat(trust.isTrusted()).isTrue();
        trust.caughtUp(first);

        assertThat(trust.isTrusted()).isTrue();
        assertThat(trust.sinceCaughtUp()).contains(Duration.ZERO);
    }

    @Test
    void lostPosition_emptiesTheCache_andALoadReadBeforeItIsNotCached() {
        trust.caughtUp(nanos.get());
        long readGeneration = cache.generation();
        cache.putUnlessRevoked("s1", session(), cache.generation());

        trust.positionLost();

        assertThat(cache.get("s1")).isEmpty();
        assertThat(cache.putUnlessRevoked("s2", session(), readGeneration)).isTrue();
        assertThat(cache.get("s2")).isEmpty();
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    private static CachedSession session() {
        Instant created = Instant.now();
        return CachedSession.of("u1", created.toEpochMilli(), created.plus(Duration.ofDays(7)).toEpochMilli(),
                created.plus(Duration.ofDays(1)).toEpochMilli(), List.of("user"), "hash");
    }
}
