package io.sessionstream.client;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * How fresh this instance's view of the invalidation broadcast is: what {@link CacheTrust} consumes.
 *
 * <p>Every check interval (a quarter of {@code trust-bound}) it asks the broker for the end offsets of every
 * partition, noting when it asked (T, a reading of the {@link Ticker}); once the consumer's positions have
 * reached them, every invalidation published before T has been applied, and it reports "caught up as of T"
 * ({@link CacheTrust#caughtUp}). While an answer is pending it asks nothing new. A broker that does not answer
 * within the interval, or a lag the consumer does not make up, stops the reports, and the bound passes.
 *
 * <p>Used by the listener's thread only ({@link #check} after each poll, {@link #restart} when it is
 * positioned again); it reads the consumer through {@link Offsets}, so it is tested without Kafka.
 */
final class BroadcastFreshness {

    /** What the freshness check reads of the consumer. */
    interface Offsets {

        /** The end offset of every assigned partition, or null if the broker did not answer within {@code timeout}. */
        Map<TopicPartition, Long> endOffsets(Duration timeout);

        /** The consumer's position in {@code partition}, or -1 if it is not known without waiting. */
        long position(TopicPartition partition);
    }

    private final CacheTrust trust;
    private final Ticker ticker;
    private final long intervalNanos;
    /** End offsets asked for at {@link #askedNanos}, not yet reached; null when none is pending. */
    private Map<TopicPartition, Long> target;
    private long askedNanos;
    private long nextAskNanos;

    BroadcastFreshness(CacheTrust trust, Duration checkInterval, Ticker ticker) {
        this.trust = trust;
        this.ticker = ticker;
        this.intervalNanos = checkInterval.toNanos();
        this.nextAskNanos = ticker.read();
    }

    /** A quarter of the trust bound: four chances to catch up before trust is lost. */
    static Duration checkInterval(Duration trustBound) {
        return trustBound.dividedBy(4);
    }

    /**
     * Reports "caught up" once the positions reach the end offsets last asked for, asks again when the interval
     * has passed, and lets {@link CacheTrust} apply a crossed bound. A broker that does not answer leaves the last
     * report standing.
     */
    void check(Offsets offsets) {
        reportIfReached(offsets);
        long now = ticker.read();
        if (target == null && now - nextAskNanos >= 0) {
            nextAskNanos = now + intervalNanos;
            target = offsets.endOffsets(Duration.ofNanos(intervalNanos));
            askedNanos = now;
            reportIfReached(offsets);
        }
        trust.isTrusted();
    }

    /** The consumer was positioned anew: offsets asked for before mean nothing now. */
    void restart() {
        target = null;
    }

    private void reportIfReached(Offsets offsets) {
        if (target != null && reached(offsets)) {
            trust.caughtUp(askedNanos);
            target = null;
        }
    }

    private boolean reached(Offsets offsets) {
        for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
            long position = offsets.position(end.getKey());
            if (position < 0 || position < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
