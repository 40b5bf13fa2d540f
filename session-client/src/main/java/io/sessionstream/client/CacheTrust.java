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
 * <p>With a {@link Membership} ({@link #requireMembership()}), trust also needs the membership renewed within half
 * the bound: the auth-service's wait for receipts counts only members, so a non-member must not answer from memory.
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
    private volatile boolean membershipRequired;
    private volatile boolean everRenewed;
    /** This instance left the membership: it is stopping, so losing trust is expected, not a fault. */
    private volatile boolean left;
    private volatile long renewedNanos;

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
     * From now on the cache is trusted only while this instance's {@link Membership} was renewed within half the
     * bound too ({@link MembershipHeartbeat} asks for it): the auth-service stops waiting for an instance whose
     * renewal is a bound old, so by then the instance must have stopped answering from memory.
     */
    void requireMembership() {
        membershipRequired = true;
    }

    /** The membership was renewed in Redis as of {@code asOfNanos} (a reading of the {@link Ticker}). */
    void membershipRenewed(long asOfNanos) {
        synchronized (this) {
            if (!everRenewed || asOfNanos - renewedNanos > 0) {
                renewedNanos = asOfNanos;
                everRenewed = true;
            }
        }
        isTrusted();
    }

    /** This instance left the membership (it is stopping): nothing more is answered from memory. */
    void membershipLeft() {
        left = true;
        everRenewed = false;
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
        boolean fresh = everCaughtUp && sinceCaughtUpNanos() <= boundNanos && membershipFresh();
        boolean was = trusted.get();
        if (fresh && !was && trusted.compareAndSet(false, true)) {
            LOG.info("Near cache trusted: invalidation consumer caught up (bound {} ms)", bound().toMillis());
        } else if (!fresh && was && trusted.compareAndSet(true, false)) {
            cache.clear();
            losses.incrementAndGet();
            if (left) {
                LOG.info("Near cache off: this instance left the membership (it is stopping); cache emptied");
            } else if (!membershipFresh()) {
                LOG.warn("Near cache untrusted: membership not renewed in Redis for {} ms (allowed {} ms); cache emptied, "
                        + "every request goes to Redis", everRenewed ? (ticker.read() - renewedNanos) / 1_000_000 : -1,
                        boundNanos / 2_000_000);
            } else {
                LOG.warn("Near cache untrusted: invalidation consumer not caught up for {} ms (bound {} ms); "
                        + "cache emptied, every request goes to Redis", sinceCaughtUpNanos() / 1_000_000, bound().toMillis());
            }
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

    private boolean membershipFresh() {
        return !membershipRequired || (everRenewed && ticker.read() - renewedNanos <= boundNanos / 2);
    }

    private long sinceCaughtUpNanos() {
        return ticker.read() - caughtUpNanos;
    }
}
