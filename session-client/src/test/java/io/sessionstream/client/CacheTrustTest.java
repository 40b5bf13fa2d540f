package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The trust rule on a fake ticker: the bound passes when the test says so, not after a wait. */
class CacheTrustTest {

    private static final Duration BOUND = Duration.ofSeconds(2);

    private final FakeTicker ticker = new FakeTicker();
    private final NearCache cache = new NearCache(new SessionClientConfiguration("ss:", "inv", CacheMode.NEAR,
            1000, Duration.ofMinutes(10), Duration.ofMinutes(10), "activity", Duration.ofMinutes(1), "ss_session", BOUND),
            ticker);
    private final CacheTrust trust = new CacheTrust(cache, BOUND, ticker);

    @Test
    void newInstance_isUntrusted_untilItsConsumerCaughtUpOnce() {
        assertThat(trust.isTrusted()).isFalse();
        assertThat(trust.sinceCaughtUp()).isEmpty();

        trust.caughtUp(ticker.read());

        assertThat(trust.isTrusted()).isTrue();
        assertThat(trust.losses()).isZero();
    }

    @Test
    void noCatchUpWithinTheBound_emptiesTheCacheOnce_andCountsOneLoss() {
        trust.caughtUp(ticker.read());
        cache.putUnlessRevoked("s1", session(), cache.generation());

        advance(BOUND.plusMillis(1));

        assertThat(trust.isTrusted()).isFalse();
        assertThat(trust.isTrusted()).isFalse();
        assertThat(cache.get("s1")).isEmpty();
        assertThat(trust.losses()).isEqualTo(1);
    }

    @Test
    void withAMembership_theCacheIsTrustedOnlyWhileItWasRenewedWithinHalfTheBound() {
        trust.requireMembership();
        trust.caughtUp(ticker.read());
        assertThat(trust.isTrusted()).as("caught up but never a member").isFalse();

        trust.membershipRenewed(ticker.read());
        assertThat(trust.isTrusted()).isTrue();
        cache.putUnlessRevoked("s1", session(), cache.generation());

        advance(BOUND.dividedBy(2).plusMillis(1));
        trust.caughtUp(ticker.read());
        assertThat(trust.isTrusted()).as("the consumer is fresh, the membership is not").isFalse();
        assertThat(cache.get("s1")).isEmpty();

        trust.membershipRenewed(ticker.read());
        assertThat(trust.isTrusted()).isTrue();
        trust.membershipLeft();
        assertThat(trust.isTrusted()).as("after leaving").isFalse();
    }

    @Test
    void leavingTheMembershipOnShutdown_isSaidAsInfo_notWarnedAsAFault() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(CacheTrust.class);
        log.start();
        logger.addAppender(log);
        try {
            trust.requireMembership();
            trust.caughtUp(ticker.read());
            trust.membershipRenewed(ticker.read());
            assertThat(trust.isTrusted()).isTrue();

            trust.membershipLeft();

            assertThat(trust.isTrusted()).isFalse();
            assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).isEmpty();
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                    .contains("Near cache off: this instance left the membership (it is stopping); cache emptied");
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void exactlyAtTheBound_theCacheIsStillTrusted() {
        trust.caughtUp(ticker.read());

        advance(BOUND);

        assertThat(trust.isTrusted()).isTrue();
    }

    @Test
    void catchingUpAgain_restoresTrust_butAnOlderReportNeverMovesFreshnessBack() {
        long first = ticker.read();
        trust.caughtUp(first);
        advance(Duration.ofSeconds(5));
        assertThat(trust.isTrusted()).isFalse();

        trust.caughtUp(ticker.read());
        assertThat(trust.isTrusted()).isTrue();
        trust.caughtUp(first);

        assertThat(trust.isTrusted()).isTrue();
        assertThat(trust.sinceCaughtUp()).contains(Duration.ZERO);
    }

    @Test
    void lostPosition_emptiesTheCache_andALoadReadBeforeItIsNotCached() {
        trust.caughtUp(ticker.read());
        long readGeneration = cache.generation();
        cache.putUnlessRevoked("s1", session(), cache.generation());

        trust.positionLost();

        assertThat(cache.get("s1")).isEmpty();
        assertThat(cache.putUnlessRevoked("s2", session(), readGeneration)).isTrue();
        assertThat(cache.get("s2")).isEmpty();
    }

    private void advance(Duration d) {
        ticker.advance(d);
    }

    private static CachedSession session() {
        Instant created = Instant.now();
        return CachedSession.of("u1", created.toEpochMilli(), created.plus(Duration.ofDays(7)).toEpochMilli(),
                created.plus(Duration.ofDays(1)).toEpochMilli(), List.of("user"), "hash");
    }
}
