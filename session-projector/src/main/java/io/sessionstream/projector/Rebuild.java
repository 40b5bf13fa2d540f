package io.sessionstream.projector;

import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.annotation.Requires;
import io.sessionstream.events.SessionTouched;
import io.sessionstream.store.RedisLayout;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties the projection and replays the topics into it from the beginning (ARCHITECTURE §5), so that
 * Redis then holds exactly the live sessions, as this incarnation of the events topic has them. Runs with
 * every projector stopped, in the {@value ProjectorApplication#COMMAND_ENVIRONMENT} environment, where the
 * listeners do not start:
 *
 * <ol>
 *   <li>refuses while the events group or the activity group has members: a running projector would
 *       write into the projection being rebuilt and commit offsets over the ones set at the end;</li>
 *   <li>notes the topic id of {@code session.events} and the end offsets of it and {@code session.activity}:
 *       the replay stops there, and the projectors started afterwards take over from there;</li>
 *   <li>reads {@code session.activity} up to its end and keeps the latest touch of each session;</li>
 *   <li>sets the events group back to the beginning, then deletes the projection's keys
 *       ({@link RedisProjection#clear()}): should the rebuild fail from here on, projectors started
 *       instead of a second rebuild replay every event over what was rebuilt (the fence skips it), never
 *       leaving a gap between the replay and the old offsets; then claims the projection for the noted topic
 *       id, so that it is this incarnation's even if the topic holds no record (a projection of another
 *       incarnation — {@link ForeignProjection} — is made this topic's this way, and only this way);</li>
 *   <li>replays {@code session.events} through {@link EventProjector#project(Iterable, java.util.function.Function)}
 *       one poll at a time — fenced, dead-lettering and broadcasting exactly as live (replayed revocations
 *       publish their invalidations again: eviction is idempotent) — with each login's idle expiry extended
 *       by its latest touch, since a login replayed long after would otherwise look idle-expired;</li>
 *   <li>applies each latest touch with the live touch script (moves last-seen; never recreates a
 *       session that is gone);</li>
 *   <li>checks that the topic still has the noted id, and commits the noted end offsets for both groups, so
 *       projectors continue exactly where the replay stopped: nothing missed, nothing applied twice.</li>
 * </ol>
 */
@Singleton
@Requires(env = ProjectorApplication.COMMAND_ENVIRONMENT)
class Rebuild {

    private static final Logger LOG = LoggerFactory.getLogger(Rebuild.class);

    private final Properties kafka;
    private final ProjectorConfiguration config;
    private final EventProjector projector;
    private final RedisProjection projection;
    private final TopicIds topicIds;

    Rebuild(KafkaDefaultConfiguration kafka, ProjectorConfiguration config, EventProjector projector,
            RedisProjection projection, TopicIds topicIds) {
        this.kafka = kafka.getConfig();
        this.config = config;
        this.projector = projector;
        this.projection = projection;
        this.topicIds = topicIds;
    }

    /**
     * What a rebuild did.
     *
     * @param events       records replayed from the events topic, dead-lettered ones included
     * @param deadLettered of those, how many went to the dead-letter topic
     * @param touches      latest touches applied to a session that is live
     * @param sessions     sessions in the projection afterwards
     * @param topicId      the topic id of the events topic replayed: the incarnation the projection now holds
     * @param millis       how long it took
     */
    record Summary(long events, long deadLettered, long touches, long sessions, Uuid topicId, long millis) {
        @Override
        public String toString() {
            return "rebuild: events=" + events + " dead-lettered=" + deadLettered + " touches=" + touches
                    + " sessions=" + sessions + " topic-id=" + topicId + " in " + millis + " ms";
        }
    }

    /** A projector is running: nothing was changed. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** The rebuild failed; the message says what to do. */
    static final class Failed extends RuntimeException {
        Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    Summary run() {
        long start = System.nanoTime();
        boolean cleared = false;
        try (KafkaPositions positions = new KafkaPositions(kafka); KafkaConsumer<String, byte[]> consumer = consumer()) {
            refuseWhileProjectorsRun(positions);
            Uuid topicId = topicIds.current(config.eventsTopic());
            Map<TopicPartition, Long> eventsEnd = positions.endOffsets(config.eventsTopic());
            Map<TopicPartition, Long> activityEnd = positions.endOffsets(config.activityTopic());
            LOG.info("Rebuilding the projection under {} from {} (topic id {}) up to {} and {} up to {}",
                    config.redisPrefix(), config.eventsTopic(), topicId, eventsEnd, config.activityTopic(), activityEnd);

            LatestTouches touches = new LatestTouches();
            TopicReplay.read(consumer, activityEnd, batch -> batch.forEach(touches::add));

            // Redis is connected on first use: reach it before changing anything, so an unreachable Redis changes nothing.
            projection.incarnation(config.eventsTopic(), topicId);
            positions.commit(config.groupId(), positions.startOffsets(config.eventsTopic()));
            cleared = true;
            LOG.info("Deleted {} keys of the projection", projection.clear());
            RedisProjection.Incarnation before = projection.claim(config.eventsTopic(), topicId);
            if (before.ownership() == RedisProjection.Ownership.FOREIGN) {
                throw new IllegalStateException("something wrote " + new RedisLayout(config.redisPrefix()).applied()
                        + " during the rebuild (" + config.eventsTopic() + " topic id " + before.storedTopicId()
                        + ") — is a projector running?");
            }

            long[] replayed = new long[2];
            TopicReplay.read(consumer, eventsEnd, batch -> {
                EventProjector.Projected done = projector.project(batch, touches::idleExpiry);
                replayed[0] += done.records();
                replayed[1] += done.deadLettered();
            });
            long touched = applyTouches(touches);

            Uuid now = topicIds.current(config.eventsTopic());
            if (!now.equals(topicId)) {
                throw new IllegalStateException(config.eventsTopic() + " was created again during the rebuild (topic id "
                        + topicId + ", now " + now + ")");
            }
            positions.commit(config.groupId(), eventsEnd);
            positions.commit(config.activityGroupId(), activityEnd);
            return new Summary(replayed[0], replayed[1], touched, projection.countSessions(), topicId,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (Refused e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Failed((e.getMessage() != null ? e.getMessage() : e.toString()) + (cleared
                    ? " — the projection is incomplete: run rebuild again (projectors started instead replay every"
                    + " event from the beginning, as the events group was set back there)"
                    : " — nothing was changed"), e);
        }
    }

    private void refuseWhileProjectorsRun(KafkaPositions positions) {
        for (String group : List.of(config.groupId(), config.activityGroupId())) {
            int members = positions.activeMembers(group);
            if (members > 0) {
                throw new Refused("stop every session-projector first: consumer group " + group + " has "
                        + members + " active members");
            }
        }
    }

    /** Applies the touches, pipelined a batch at a time; returns how many touched a live session. */
    private long applyTouches(LatestTouches touches) {
        long applied = 0;
        List<CompletableFuture<RedisProjection.Outcome>> sent = new ArrayList<>();
        for (SessionTouched touch : touches.all()) {
            sent.add(projection.applyAsync(touch).toCompletableFuture());
            if (sent.size() == config.maxBatch()) {
                applied += appliedOf(sent);
            }
        }
        return applied + appliedOf(sent);
    }

    private static long appliedOf(List<CompletableFuture<RedisProjection.Outcome>> sent) {
        try {
            return sent.stream().map(CompletableFuture::join).filter(o -> o == RedisProjection.Outcome.APPLIED).count();
        } catch (CompletionException e) {
            throw new IllegalStateException("applying a touch to Redis failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            sent.clear();
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.putAll(kafka);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(config.maxBatch()));
        // As the live listener: records of an aborted outbox transaction are never applied.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
