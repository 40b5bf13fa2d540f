package io.sessionstream.projector;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the projector is refusing a topic because Redis holds a projection of another incarnation of it
 * ({@link RedisProjection.Outcome#FOREIGN}): a topic deleted and created again, a move to another Kafka
 * cluster, a Redis restored from a backup of another environment. Offsets of one incarnation say nothing
 * about another's records, so the fence cannot tell which of them are applied.
 *
 * <p>It refuses rather than re-basing the projection on the new incarnation: the projector cannot tell
 * whether a projection of another incarnation agrees with this system's PostgreSQL (a backup of another
 * environment holds sessions that do not exist here, and re-basing would admit them; a re-created topic's
 * log may no longer hold the revocations the old projection reflects). Only replaying this topic — the
 * {@linkplain Rebuild rebuild} — gives a projection that is provably this log's. So the listener applies
 * and commits nothing of the topic, retries with its bounded back-off (it resumes by itself once the
 * projection is this topic's again), and this says so: one ERROR line naming the fix when the state is
 * entered (not one per retry), readiness DOWN ({@link ProjectionHealth}), the gauge
 * {@code sessionstream.projector.foreign}; one INFO line when it clears.
 */
@Singleton
class ForeignProjection {

    /** What the operator must do. */
    static final String FIX = "stop every session-projector, then run ./admin rebuild "
            + "(java -jar session-projector-…-all.jar rebuild with the projectors' settings), then start them";

    private static final Logger LOG = LoggerFactory.getLogger(ForeignProjection.class);

    /**
     * A refused topic.
     *
     * @param topic          the topic
     * @param storedTopicId  the topic id recorded in {@code {p}applied}, or null: per-partition offsets written by an
     *                       earlier version (before ids were recorded, or before the fence moved to each user)
     * @param currentTopicId the topic's id on the broker now
     */
    record Refusal(String topic, String storedTopicId, String currentTopicId) {
        String describe() {
            return "Redis holds a projection of another incarnation of " + topic + " ("
                    + (storedTopicId == null ? "per-partition offsets: written by an earlier version (before topic ids were "
                    + "recorded, or before the fence moved to each user), for an unknown incarnation"
                    : "topic id " + storedTopicId) + "; the broker's " + topic + " has topic id " + currentTopicId
                    + "): its offsets say nothing about this topic's records, so nothing of " + topic
                    + " is applied or committed";
        }
    }

    /** The refusal and when it began. */
    record State(Refusal refusal, Instant since) {
    }

    private final Clock clock;
    private final AtomicReference<State> state = new AtomicReference<>();
    private final AtomicLong refusals = new AtomicLong();

    ForeignProjection(Clock clock) {
        this.clock = clock;
    }

    /** A batch was refused; logs the ERROR line only when this refusal begins. */
    void refused(Refusal refusal) {
        State before = state.get();
        if (before != null && before.refusal().equals(refusal)) {
            refusals.incrementAndGet();
            return;
        }
        state.set(new State(refusal, clock.instant()));
        refusals.set(1);
        LOG.error("{}. Refusing (readiness DOWN) and retrying until the projection is this topic's. To fix: {}",
                refusal.describe(), FIX);
    }

    /** A batch was projected: logs one INFO line if a refusal ends. */
    void cleared() {
        State before = state.getAndSet(null);
        if (before != null) {
            LOG.info("The projection of {} is this topic's (topic id {}) again: projecting after {} refused attempts",
                    before.refusal().topic(), before.refusal().currentTopicId(), refusals.get());
        }
    }

    /** The refusal going on, if any. */
    Optional<State> current() {
        return Optional.ofNullable(state.get());
    }

    /** Batches refused since the refusal going on began. */
    long refusals() {
        return refusals.get();
    }

    boolean isRefusing() {
        return state.get() != null;
    }
}
