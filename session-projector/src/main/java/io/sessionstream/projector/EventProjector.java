package io.sessionstream.projector;

import io.sessionstream.events.AllSessionsRevoked;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventType;
import io.sessionstream.events.Invalidation;
import io.sessionstream.events.LoggedIn;
import io.sessionstream.events.LoggedOut;
import io.sessionstream.events.PasswordChanged;
import io.sessionstream.events.SessionExpired;
import io.sessionstream.events.SessionRevoked;
import io.sessionstream.events.SessionTouched;
import io.sessionstream.events.SessionEvent;
import io.sessionstream.events.UndecodableRecordException;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects a batch of {@code session.events} records (whatever one poll returned; a batch of one is
 * the unbatched case), in three steps:
 *
 * <ol>
 *   <li>decode each record; one that can never be applied (not a CloudEvent, unknown type, a malformed
 *       attribute, invalid data, key not the user id — anything decoding throws) is sent to the dead-letter
 *       topic with the reason, and the batch moves on;</li>
 *   <li>send every event's Lua script to Redis without waiting (pipelined on one connection, so Redis
 *       applies them in record order, each fenced by its offset and by the previous record of its
 *       user — see {@link RedisProjection}), then wait for every outcome;</li>
 *   <li>on a Redis Cluster, wait until each master has the batch's writes on a replica (a failover would otherwise
 *       lose a revocation already broadcast); then send the invalidation of every applied revocation, and wait until
 *       the broker has acknowledged every invalidation and dead letter.</li>
 * </ol>
 *
 * <p>Only then does {@link #project} return, and only then does the caller commit the batch's
 * offsets. If any step failed (Redis or Kafka down), it throws after broadcasting what was applied,
 * and the whole batch is projected again: records already applied are skipped by the fence, and
 * their invalidations are published again (eviction is idempotent). Nothing is skipped.
 *
 * <p>The fence is the topic's incarnation and the offset ({@link RedisProjection}): before any record is sent, the
 * projection's incarnation of each topic of the batch is checked (and claimed if none is recorded), and each record
 * is sent with its topic's id ({@link TopicIds}) to the fence of its user. If Redis holds another incarnation of the
 * topic, nothing of it is applied and {@link ForeignProjectionException} is thrown: never a silent skip. If some record was fenced as already
 * applied, the topic id is looked up again before returning, since a record fenced under a stale id may have
 * been fenced by another incarnation's offset.
 */
@Singleton
class EventProjector {

    private static final Logger LOG = LoggerFactory.getLogger(EventProjector.class);
    private static final long APPLY_TIMEOUT_SECONDS = 30;

    private final EventCodec codec = new EventCodec();
    private final RedisProjection projection;
    private final Broadcaster broadcaster;
    private final TopicIds topicIds;

    EventProjector(RedisProjection projection, Broadcaster broadcaster, TopicIds topicIds) {
        this.projection = projection;
        this.broadcaster = broadcaster;
        this.topicIds = topicIds;
    }

    /** What a script did, and the invalidation to broadcast for it (null if none). */
    private record Applied(RedisProjection.Outcome outcome, Invalidation invalidation) {
    }

    /** An event sent to Redis; its future completes with what the script did. */
    private record Sent(ConsumerRecord<String, byte[]> record, Envelope<SessionEvent> envelope,
                        CompletableFuture<Applied> applied) {
    }

    /**
     * What one {@link #project} did.
     *
     * @param records      the records it was given
     * @param deadLettered how many of them went to the dead-letter topic
     * @param fenced       how many were fenced as already applied (nothing done)
     */
    record Projected(int records, int deadLettered, int fenced) {
    }

    /** Projects the records (in their order per partition); returns once all are applied and broadcast. */
    Projected project(Iterable<ConsumerRecord<String, byte[]>> records) {
        return project(records, LoggedIn::idleExpiry);
    }

    /**
     * Like {@link #project(Iterable)}, but each {@link LoggedIn} is applied with the idle expiry
     * {@code idleExpiry} gives it instead of its own (its idle timeout stays its own). A rebuild extends
     * it by the activity seen since the login: replayed long after, a session kept alive by touches
     * would otherwise look idle-expired and not be projected at all.
     *
     * @throws ForeignProjectionException if Redis holds another incarnation of a topic of the batch: nothing of
     *                                    that topic was applied
     */
    Projected project(Iterable<ConsumerRecord<String, byte[]>> records, Function<LoggedIn, Instant> idleExpiry) {
        long start = System.nanoTime();
        int count = 0;
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        List<Sent> sent = new ArrayList<>();
        Map<UserInPartition, Long> previous = new HashMap<>();
        Map<String, Uuid> ids = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            ids.computeIfAbsent(record.topic(), this::claimedTopicId);
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            count++;
            Envelope<SessionEvent> envelope = decode(record, sends);
            if (envelope != null) {
                Uuid topicId = ids.get(record.topic());
                sent.add(new Sent(record, envelope, applyToRedis(record, topicId, envelope.payload(), previous, idleExpiry)));
            }
        }
        Outcomes outcomes = broadcastApplied(sent, sends);
        Broadcaster.awaitAll(sends);
        if (outcomes.foreignTopic != null) {
            throw refusal(outcomes.foreignTopic, ids.get(outcomes.foreignTopic));
        }
        if (outcomes.failure != null) {
            throw outcomes.failure;
        }
        if (outcomes.fenced > 0) {
            requireSameIncarnations(ids);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("Projected a batch of {} events ({} fenced, {} sends) in {} µs", sent.size(), outcomes.fenced,
                    sends.size(), (System.nanoTime() - start) / 1000);
        }
        return new Projected(count, count - sent.size(), outcomes.fenced);
    }

    /** What the scripts of a batch answered, beyond "applied". */
    private static final class Outcomes {
        RuntimeException failure;
        String foreignTopic;
        int fenced;
    }

    /**
     * Waits for every script's outcome and, once Redis has them on a replica ({@link RedisProjection#awaitReplicated}:
     * on a cluster, so that a master's failover cannot lose a revocation that was broadcast), sends the invalidation of
     * each revocation it passed (to {@code sends}).
     */
    private Outcomes broadcastApplied(List<Sent> sent, List<Future<RecordMetadata>> sends) {
        Outcomes outcomes = new Outcomes();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(APPLY_TIMEOUT_SECONDS);
        List<Sent> broadcast = new ArrayList<>();
        List<Invalidation> invalidations = new ArrayList<>();
        for (Sent s : sent) {
            try {
                Applied applied = s.applied().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (applied.outcome() == RedisProjection.Outcome.FOREIGN) {
                    // Nothing changed in Redis: broadcasting a revocation now would let its wait answer 204.
                    outcomes.foreignTopic = s.record().topic();
                    continue;
                }
                if (applied.outcome() == RedisProjection.Outcome.ALREADY_APPLIED) {
                    outcomes.fenced++;
                }
                if (applied.invalidation() != null) {
                    broadcast.add(s);
                    invalidations.add(applied.invalidation());
                }
            } catch (ExecutionException | TimeoutException e) {
                if (outcomes.failure == null) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    outcomes.failure = new IllegalStateException("applying " + where(s.record()) + " to Redis failed: "
                            + cause, cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while applying to Redis", e);
            }
        }
        try {
            projection.awaitReplicated().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (outcomes.failure == null) {
                outcomes.failure = new IllegalStateException("the batch's writes did not reach a replica: " + cause,
                        cause);
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Redis replication", e);
        }
        for (int i = 0; i < broadcast.size(); i++) {
            sends.add(broadcaster.invalidate(broadcast.get(i).envelope().metadata(), invalidations.get(i)));
        }
        return outcomes;
    }

    /** One user's records in one partition: what a record's previous one is looked up by. */
    private record UserInPartition(TopicPartition partition, String userId) {
    }

    /**
     * The topic's id, once the projection is found to be of it (or claimed for it, if it is of no incarnation yet).
     *
     * @throws ForeignProjectionException if the projection is of another incarnation of the topic
     */
    private Uuid claimedTopicId(String topic) {
        Uuid id = topicIds.of(topic);
        if (projection.claim(topic, id).ownership() == RedisProjection.Ownership.FOREIGN) {
            throw refusal(topic, id);
        }
        return id;
    }

    /**
     * The refusal of a topic found foreign with the id {@code used}. Our id may be the stale one (the topic was
     * created again since it was looked up): then it is a plain failure, and the retry uses the current id.
     */
    private RuntimeException refusal(String topic, Uuid used) {
        Uuid current = topicIds.current(topic);
        if (!current.equals(used)) {
            return staleTopicId(topic, used, current);
        }
        RedisProjection.Incarnation stored = projection.incarnation(topic, current);
        return new ForeignProjectionException(new ForeignProjection.Refusal(topic, stored.storedTopicId(),
                current.toString()));
    }

    /**
     * Before a batch in which some record was fenced is committed: a record fenced under an id that is no
     * longer the topic's (created again since the id was looked up) may have been fenced by another
     * incarnation's offset, and committing would skip it for good. Costs one Admin call per topic, only then.
     */
    private void requireSameIncarnations(Map<String, Uuid> used) {
        used.forEach((topic, id) -> {
            Uuid current = topicIds.current(topic);
            if (!current.equals(id)) {
                throw staleTopicId(topic, id, current);
            }
        });
    }

    private static IllegalStateException staleTopicId(String topic, Uuid used, Uuid current) {
        return new IllegalStateException(topic + " was created again while this batch was projected (topic id " + used
                + ", now " + current + "): not committed; retrying with the current topic id");
    }

    /** The record's event, or null after dead-lettering it (the send is added to {@code sends}). */
    private Envelope<SessionEvent> decode(ConsumerRecord<String, byte[]> record, List<Future<RecordMetadata>> sends) {
        try {
            return decode(record);
        } catch (UndecodableRecordException e) {
            LOG.warn("Dead-lettering {}: {}", where(record), e.getMessage());
            sends.add(broadcaster.deadLetter(record, e.getMessage()));
            return null;
        }
    }

    /**
     * Decodes the record, whose key must be the event's user id. Anything decoding throws makes it an
     * {@link UndecodableRecordException}: decoding the same bytes again can never succeed, so a record
     * that throws anything else would be retried without end and stall its partition.
     */
    private Envelope<SessionEvent> decode(ConsumerRecord<String, byte[]> record) {
        try {
            Envelope<SessionEvent> envelope = codec.decodeSessionEvent(record);
            requireKeyIsUser(record, envelope.payload());
            return envelope;
        } catch (UndecodableRecordException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UndecodableRecordException("cannot decode: " + e, e);
        }
    }

    /**
     * Projects one {@code session.activity} record: a touch extends the session's idle expiry.
     * Anything else on that topic is dead-lettered.
     */
    void projectActivity(ConsumerRecord<String, byte[]> record) {
        SessionTouched touch;
        try {
            SessionEvent event = decode(record).payload();
            if (!(event instanceof SessionTouched)) {
                throw new UndecodableRecordException(EventType.of(event) + " does not belong on the activity topic", null);
            }
            touch = (SessionTouched) event;
        } catch (UndecodableRecordException e) {
            LOG.warn("Dead-lettering {}: {}", where(record), e.getMessage());
            Broadcaster.awaitAll(List.of(broadcaster.deadLetter(record, e.getMessage())));
            return;
        }
        projection.apply(touch);
    }

    /**
     * Sends the event's script; its future completes with what the script did and the invalidation to
     * broadcast, if any. {@code previous} holds, per user and partition, the offset of the last fenced record sent.
     */
    private CompletableFuture<Applied> applyToRedis(ConsumerRecord<String, byte[]> record, Uuid topicId,
                                                    SessionEvent event, Map<UserInPartition, Long> previous,
                                                    Function<LoggedIn, Instant> idleExpiry) {
        if (event instanceof SessionTouched e) {
            // Activity has its own topic, but a touch found here is still harmless to apply (unfenced).
            return projection.applyAsync(e).thenApply(o -> new Applied(checked(o), null)).toCompletableFuture();
        }
        Long before = previous.put(new UserInPartition(new TopicPartition(record.topic(), record.partition()),
                event.userId()), record.offset());
        Position position = new Position(record.topic(), topicId, record.partition(), record.offset(),
                before == null ? Position.NONE : before);
        return appliedOf(position, event, idleExpiry).toCompletableFuture();
    }

    private CompletionStage<Applied> appliedOf(Position position, SessionEvent event,
                                               Function<LoggedIn, Instant> idleExpiry) {
        // Release 17: no pattern switch; the sealed hierarchy keeps this list complete.
        if (event instanceof LoggedIn e) {
            return projection.applyAsync(position, e, idleExpiry.apply(e)).thenApply(o -> new Applied(checked(o), null));
        }
        if (event instanceof LoggedOut e) {
            return projection.applyAsync(position, e).thenApply(o -> new Applied(checked(o),
                    Invalidation.ofSessions(e.userId(), List.of(e.sessionId()), "logout")));
        }
        if (event instanceof SessionRevoked e) {
            return projection.applyAsync(position, e).thenApply(o -> new Applied(checked(o),
                    Invalidation.ofSessions(e.userId(), e.sessionIds(), e.reason())));
        }
        if (event instanceof AllSessionsRevoked e) {
            return projection.applyAsync(position, e).thenApply(done -> new Applied(checked(done.outcome()),
                    new Invalidation(e.userId(), done.revoked(), true, e.keepSessionId(), e.notBefore(), e.reason())));
        }
        if (event instanceof PasswordChanged e) {
            return projection.applyAsync(position, e).thenApply(done -> new Applied(checked(done.outcome()),
                    new Invalidation(e.userId(), done.revoked(), true, e.keepSessionId(), e.notBefore(),
                            "password_changed")));
        }
        if (event instanceof SessionExpired e) {
            // Already gone from Redis, and every instance checks expiries itself: no invalidation to broadcast.
            return projection.applyAsync(position, e).thenApply(o -> new Applied(checked(o), null));
        }
        throw new IllegalStateException("unhandled event " + event.getClass());
    }

    /** A record refused because an earlier one of its user failed is a failure of the batch too. */
    private static RedisProjection.Outcome checked(RedisProjection.Outcome outcome) {
        if (outcome == RedisProjection.Outcome.REFUSED_PREVIOUS_NOT_APPLIED) {
            throw new IllegalStateException("refused: an earlier record of its partition was not applied");
        }
        return outcome;
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static void requireKeyIsUser(ConsumerRecord<String, byte[]> record, SessionEvent event) {
        if (!Objects.equals(event.userId(), record.key())) {
            throw new UndecodableRecordException("record key " + record.key() + " is not the event's user id", null);
        }
    }
}
