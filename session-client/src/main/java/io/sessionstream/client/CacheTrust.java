package io.sessionstream.client;

import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The near-cache trust rule (ARCHITECTURE §6): the near cache may answer only while this instance's
 * invalidation consumer has caught up with the broadcast within {@code trust-bound}.
 *
 * <p>"Caught up as of T" means: every invalidation published before T has been applied. The
 * invalidation listener's {@link BroadcastFreshness} reports it ({@link #caughtUp}) each time its position
 * reaches the end offsets it asked the broker for at T. T and "now" are readings of the injected
 * {@link Ticker}, the same one {@link BroadcastFreshness} reads, so tests advance time instead of waiting. When the last such T is older than the bound (the instance
 * lost Kafka, or its consumer lags), the cache is emptied once and bypassed — every request goes to
 * Redis — until the consumer catches up again. Each change logs one line and moves the metrics
 * ({@code sessionstream.nearcache.trusted}, {@code sessionstream.nearcache.trust.lost}).
 *
 * <p>An instance starts untrusted: nothing is served from memory before its consumer is positioned
 * and has caught up once. Transitions are compare-and-set, so concurrent requests that notice the
 * bound passing empty the cache and log exactly once.
 */
@Singleton
class CacheTrust {

    private static final Logger LOG = LoggerFactory.getLogger(CacheTrust.class);

    private final NearCache cache;
    private final long boundNanos;
    private final Ticker ticker;
    private final AtomicBoolean trusted = new AtomicBoolean();
    private final AtomicLong losses = new AtomicLong();
    private volatile boolean everCaughtUp;
    private volatile long caughtUpNanos;

    @Inject
    CacheTrust(NearCache cache, SessionClientConfiguration config, Ticker ticker) {
        this(cache, config.trustBound(), ticker);
    }

    CacheTrust(NearCache cache, Duration bound, Ticker ticker) {
        this.cache = cache;
        this.boundNanos = bound.toNanos();
        this.ticker = ticker;
    }

    /** Every invalidation published before {@code asOfNanos} (a reading of the {@link Ticker}) is applied. */
    void caughtUp(long asOfNanos) {
        synchronized (this) {
            if (!everCaughtUp || asOfNanos - caughtUpNanos > 0) {
                caughtUpNanos = asOfNanos;
                everCaughtUp = true;
            }
        }
        isTrusted();
    }

    /**
     * The consumer lost its place in the broadcast (it was repositioned at the end after a failure):
     * whatever it missed may be cached, so the cache is emptied now, even if the bound has not passed.
     */
    void positionLost() {
        cache.clear();
    }

    /** Whether the near cache may answer now; applies the transition if the bound was crossed. */
    boolean isTrusted() {
        boolean fresh = everCaughtUp && sinceCaughtUpNanos() <= boundNanos;
        boolean was = trusted.get();
        if (fresh && !was && trusted.compareAndSet(false, true)) {
            LOG.info("Near cache trusted: invalidation consumer caught up (bound {} ms)", bound().toMillis());
        } else if (!fresh && was && trusted.compareAndSet(true, false)) {
            cache.clear();
            losses.incrementAndGet();
            LOG.warn("Near cache untrusted: invalidation consumer not caught up for {} ms (bound {} ms); "
                    + "cache emptied, every request goes to Redis", sinceCaughtUpNanos() / 1_000_000, bound().toMillis());
        }
        return fresh;
    }

    /** Time since the consumer was last known to be caught up; empty if it never was. */
    Optional<Duration> sinceCaughtUp() {
        return everCaughtUp ? Optional.of(Duration.ofNanos(sinceCaughtUpNanos())) : Optional.empty();
    }

    Duration bound() {
        return Duration.ofNanos(boundNanos);
    }

    /** How many times trust was lost since start. */
    long losses() {
        return losses.get();
    }

    private long sinceCaughtUpNanos() {
        return ticker.read() - caughtUpNanos;
    }
}
