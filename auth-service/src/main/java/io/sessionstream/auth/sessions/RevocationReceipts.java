package io.sessionstream.auth.sessions;

import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sessionstream.auth.Refusal;
import io.sessionstream.client.BroadcastPosition;
import io.sessionstream.client.Membership;
import io.sessionstream.client.SessionClientConfiguration;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of a revocation's answer: every other instance that may answer from its near cache has applied the
 * broadcast (docs/guarantees.md, "Receipts"). The live {@link Membership} is read, and the wait ends when every
 * member's reported position is past the revocation's broadcast record on its partition — woken by each receipt
 * rather than by polling — or when {@code trust-bound} has passed since this instance applied it: an instance that
 * has not applied it by then stops answering from memory (the trust rule), and reads Redis, which the projector
 * updated before it broadcast. Past the request's deadline the answer is 503 (committed, not yet everywhere).
 *
 * <p>A receipt carries the positions its instance has just written to its hash, so a receipt that leaves some
 * member still behind is answered from memory, without reading Redis; the membership is read again only when the
 * receipts say every pending member has applied it (the read confirms it, and finds a member that joined
 * meanwhile), and when no receipt came for a while. The answer is still given on a fresh read of the membership.
 *
 * <p>Meters: {@code sessionstream.auth.revocation.receipts} (timer, tag {@code outcome}: {@code acknowledged} by
 * every instance, or answered at the {@code trust_bound}), from this instance applying the broadcast to the answer.
 */
@Singleton
class RevocationReceipts {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationReceipts.class);
    /** The longest a wait sleeps between two looks when no receipt wakes it (a receipt lost, or none subscribed). */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

    private final Membership membership;
    private final Duration trustBound;
    private final Clock clock;
    private final Timer acknowledged;
    private final Timer trustBoundPassed;
    private final Object receipts = new Object();
    private final java.util.concurrent.atomic.AtomicLong receiptCount = new java.util.concurrent.atomic.AtomicLong();
    /**
     * Members this service has seen live, and when: one missing from Redis's set without having left (a flushed or
     * restored Redis) is still waited for until it renews (within an eighth of the bound) or a bound has passed.
     */
    private final Map<String, Instant> seen = new java.util.concurrent.ConcurrentHashMap<>();
    /** The latest positions each member seen live reported in a receipt, partition by partition. */
    private final Map<String, Map<Integer, Long>> reported = new java.util.concurrent.ConcurrentHashMap<>();

    RevocationReceipts(Membership membership, SessionClientConfiguration client, Clock clock, MeterRegistry meters) {
        this.membership = membership;
        this.trustBound = client.trustBound();
        this.clock = clock;
        this.acknowledged = timer(meters, "acknowledged");
        this.trustBoundPassed = timer(meters, "trust_bound");
        membership.onReceipt(receipt -> {
            if (receipt.left()) {
                seen.remove(receipt.instanceId());
                reported.remove(receipt.instanceId());
            } else if (seen.containsKey(receipt.instanceId())) {
                reported.merge(receipt.instanceId(), receipt.positions(), RevocationReceipts::later);
            }
            receiptCount.incrementAndGet();
            synchronized (receipts) {
                receipts.notifyAll();
            }
        });
    }

    /**
     * Returns once every other live member has applied every one of {@code positions} (this instance applied them),
     * or trust-bound after this instance applied the first; throws a {@code projection_pending} refusal past
     * {@code deadlineNanos} (a {@link System#nanoTime()} reading), {@code store_unavailable} if Redis cannot answer.
     */
    void awaitEveryInstance(Collection<BroadcastPosition> positions, long deadlineNanos) {
        if (positions.isEmpty()) {
            return;
        }
        Map<Integer, Long> needed = new HashMap<>();
        Instant applied = null;
        for (BroadcastPosition p : positions) {
            needed.merge(p.partition(), p.offset(), Math::max);
            applied = applied == null || p.appliedAt().isBefore(applied) ? p.appliedAt() : applied;
        }
        Instant trustedUntil = applied.plus(trustBound);
        List<String> pending = List.of();
        boolean read = true;
        while (true) {
            long seenReceipts = receiptCount.get();
            if (!read) {
                pending = pending.stream().filter(id -> !reportedApplied(id, needed)).toList();
                read = pending.isEmpty();
            }
            if (read) {
                pending = pending(needed);
            }
            Duration took = Duration.between(applied, clock.instant());
            if (pending.isEmpty()) {
                acknowledged.record(took);
                return;
            }
            if (!clock.instant().isBefore(trustedUntil)) {
                trustBoundPassed.record(took);
                LOG.info("Revocation answered after the trust bound ({} ms): {} did not acknowledge it and no longer "
                        + "answer from memory", trustBound.toMillis(), pending);
                return;
            }
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                throw Refusal.projectionPending();
            }
            long untilBound = Duration.between(clock.instant(), trustedUntil).toNanos();
            // Woken by a receipt: its positions may leave a member behind, which needs no read. No receipt: read.
            read = !awaitReceipt(seenReceipts, Math.max(1, Math.min(RECHECK_NANOS, Math.min(remaining, untilBound))));
        }
    }

    /** Whether the receipts of {@code instanceId} show every needed position applied. */
    private boolean reportedApplied(String instanceId, Map<Integer, Long> needed) {
        Map<Integer, Long> positions = reported.get(instanceId);
        return positions != null
                && needed.entrySet().stream().allMatch(n -> Membership.hasApplied(positions, n.getKey(), n.getValue()));
    }

    private static Map<Integer, Long> later(Map<Integer, Long> known, Map<Integer, Long> receipt) {
        Map<Integer, Long> merged = new HashMap<>(known);
        receipt.forEach((partition, offset) -> merged.merge(partition, offset, Math::max));
        return merged;
    }

    /**
     * The members other than this instance that have not applied every needed position, and those seen live within
     * the bound that are missing from the set without having left.
     */
    private List<String> pending(Map<Integer, Long> needed) {
        List<Membership.Member> members;
        Instant now = clock.instant();
        try {
            members = membership.live(now, READ_TIMEOUT);
        } catch (RedisException e) {
            throw Refusal.storeUnavailable("The session store is unreachable; the change is committed, retry shortly");
        }
        members.forEach(m -> seen.put(m.instanceId(), now));
        seen.values().removeIf(at -> at.plus(trustBound).isBefore(now));
        reported.keySet().retainAll(seen.keySet());
        Set<String> live = members.stream().map(Membership.Member::instanceId).collect(Collectors.toSet());
        List<String> pending = new ArrayList<>(members.stream()
                .filter(m -> !m.instanceId().equals(membership.instanceId()))
                .filter(m -> needed.entrySet().stream().anyMatch(n -> !m.hasApplied(n.getKey(), n.getValue())))
                .map(Membership.Member::instanceId)
                .toList());
        seen.keySet().stream().filter(id -> !live.contains(id) && !id.equals(membership.instanceId())).forEach(pending::add);
        return pending;
    }

    /** Sleeps until a receipt arrives after the {@code seen}-th one, at most {@code nanos}; whether one arrived. */
    private boolean awaitReceipt(long seen, long nanos) {
        synchronized (receipts) {
            if (receiptCount.get() != seen) {
                return true;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(receipts, nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Refusal.projectionPending();
            }
            return receiptCount.get() != seen;
        }
    }

    private static Timer timer(MeterRegistry meters, String outcome) {
        return Timer.builder("sessionstream.auth.revocation.receipts")
                .description("From this instance applying a revocation's broadcast to every instance having applied it")
                .tag("outcome", outcome).register(meters);
    }
}
