package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The freshness check that feeds the trust rule, on a fake ticker and the offsets a consumer would report: what
 * the invalidation listener does after each poll, without Kafka (its ITs run it against a real broker).
 */
class BroadcastFreshnessTest {

    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final Duration INTERVAL = BroadcastFreshness.checkInterval(BOUND);
    private static final TopicPartition P0 = new TopicPartition("inv", 0);
    private static final TopicPartition P1 = new TopicPartition("inv", 1);

    private final FakeTicker ticker = new FakeTicker();
    private final NearCache cache = new NearCache(new SessionClientConfiguration("ss:", "inv", CacheMode.NEAR,
            1000, Duration.ofMinutes(10), Duration.ofMinutes(10), "activity", Duration.ofMinutes(1), "ss_session", BOUND),
            ticker);
    private final CacheTrust trust = new CacheTrust(cache, BOUND, ticker);
    private final BroadcastFreshness freshness = new BroadcastFreshness(trust, INTERVAL, ticker);
    private final BrokerView broker = new BrokerView();

    @Test
    void checkInterval_isAQuarterOfTheTrustBound() {
        assertThat(INTERVAL).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void positionsAtTheEndsAskedFor_reportCaughtUpAsOfTheAsk() {
        broker.ends(5, 7).positions(5, 7);

        freshness.check(broker);

        assertThat(trust.isTrusted()).isTrue();
        assertThat(trust.sinceCaughtUp()).contains(Duration.ZERO);
    }

    @Test
    void positionsBehind_reportNothing_untilTheyReachTheEnds_thenFreshnessIsThatOfTheAsk() {
        broker.ends(5, 7).positions(5, 6);
        freshness.check(broker);
        assertThat(trust.isTrusted()).isFalse();

        ticker.advance(Duration.ofMillis(100));
        broker.positions(5, 7);
        freshness.check(broker);

        assertThat(trust.isTrusted()).isTrue();
        assertThat(trust.sinceCaughtUp()).as("caught up as of when the ends were asked for").contains(Duration.ofMillis(100));
    }

    @Test
    void endsAreAskedForOncePerInterval() {
        broker.ends(0, 0).positions(0, 0);

        freshness.check(broker);
        ticker.advance(INTERVAL.minusNanos(1));
        freshness.check(broker);
        assertThat(broker.asked).isEqualTo(1);

        ticker.advance(Duration.ofNanos(1));
        freshness.check(broker);
        assertThat(broker.asked).isEqualTo(2);
    }

    @Test
    void whileTheEndsAskedForAreNotReached_noNewEndsAreAskedFor() {
        broker.ends(5, 5).positions(0, 0);
        freshness.check(broker);

        ticker.advance(INTERVAL.multipliedBy(3));
        freshness.check(broker);

        assertThat(broker.asked).isEqualTo(1);
    }

    @Test
    void brokerNotAnswering_leavesTheLastReportStanding_untilTheBoundPasses_thenTheCacheIsEmptied() {
        broker.ends(0, 0).positions(0, 0);
        freshness.check(broker);
        cache.putUnlessRevoked("s1", session(), cache.generation());
        broker.silent();

        ticker.advance(BOUND);
        freshness.check(broker);
        assertThat(trust.isTrusted()).as("exactly at the bound").isTrue();

        ticker.advance(Duration.ofMillis(1));
        freshness.check(broker);
        assertThat(trust.isTrusted()).isFalse();
        assertThat(cache.get("s1")).isEmpty();
        assertThat(trust.losses()).isEqualTo(1);
    }

    @Test
    void unknownPosition_isNotCaughtUp() {
        broker.ends(0, 0).positions(-1, 0);

        freshness.check(broker);

        assertThat(trust.isTrusted()).isFalse();
    }

    @Test
    void restart_forgetsEndsAskedForBeforeTheConsumerWasPositionedAgain() {
        broker.ends(5, 5).positions(0, 0);
        freshness.check(broker);

        freshness.restart();
        broker.positions(9, 9);
        freshness.check(broker);
        assertThat(trust.isTrusted()).as("no report for ends asked before the restart").isFalse();

        ticker.advance(INTERVAL);
        broker.ends(9, 9);
        freshness.check(broker);
        assertThat(trust.isTrusted()).isTrue();
    }

    private static CachedSession session() {
        Instant created = Instant.now();
        return CachedSession.of("u1", created.toEpochMilli(), created.plus(Duration.ofDays(7)).toEpochMilli(),
                created.plus(Duration.ofDays(1)).toEpochMilli(), List.of("user"), "hash");
    }

    /** What the consumer would report: end offsets (or no answer) and positions of two partitions. */
    private static final class BrokerView implements BroadcastFreshness.Offsets {

        private Map<TopicPartition, Long> ends;
        private final Map<TopicPartition, Long> positions = new HashMap<>();
        private int asked;

        BrokerView ends(long p0, long p1) {
            ends = Map.of(P0, p0, P1, p1);
            return this;
        }

        BrokerView positions(long p0, long p1) {
            positions.put(P0, p0);
            positions.put(P1, p1);
            return this;
        }

        void silent() {
            ends = null;
        }

        @Override
        public Map<TopicPartition, Long> endOffsets(Duration timeout) {
            assertThat(timeout).as("a broker is given one interval to answer").isEqualTo(INTERVAL);
            asked++;
            return ends;
        }

        @Override
        public long position(TopicPartition partition) {
            return positions.get(partition);
        }
    }
}
