package io.sessionstream.client;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.sessionstream.events.Invalidation;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's own consumer of the invalidation broadcast (ARCHITECTURE §6): the loop that polls it, on a
 * thread of its own.
 *
 * <p>No consumer group: it {@code assign()}s every partition and starts at the end of the log, so every instance
 * sees every message with no rebalance delay. The consumer ({@link InvalidationConsumer}) comes from
 * {@link KafkaClientFactory}, configured by {@code sessionstream.client.kafka.*} over {@code kafka.*}. The loop
 * counts as {@link #isReady() ready} only once its positions at the end of every partition are fixed, so no
 * invalidation published after readiness can be missed. Each record goes to the {@link InvalidationApplier}; after
 * each poll the {@link BroadcastFreshness} checks how fresh the instance is, for the trust rule ({@link CacheTrust}).
 *
 * <p>A failure (Kafka unreachable, credentials refused, anything else) is said once ({@link KafkaOutage}), and the
 * consumer starts again at the end of the log after a pause, with the near cache emptied (what it missed meanwhile
 * may be cached). Until it is positioned, readiness is DOWN and the near cache is not trusted.
 *
 * <p>Not started when {@value SessionClientConfiguration#INVALIDATION_LISTENER_ENABLED} is {@code false}.
 */
@Context
@Requires(property = SessionClientConfiguration.INVALIDATION_LISTENER_ENABLED, notEquals = "false")
class InvalidationListener {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidationListener.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration PARTITIONS_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RESTART_PAUSE = Duration.ofSeconds(1);

    private final InvalidationConsumer consumer;
    private final InvalidationApplier applier;
    private final BroadcastFreshness freshness;
    private final BroadcastFreshness.Offsets offsets = new ConsumerOffsets();
    private final CacheTrust trust;
    private final MembershipHeartbeat membership;
    private final KafkaOutage outage;
    private final Ticker ticker;
    private final String topic;
    private final Thread thread;
    private volatile boolean ready;
    private volatile boolean running = true;
    private volatile long lastPollNanos;
    private List<TopicPartition> assigned = List.of();

    InvalidationListener(InvalidationConsumer consumer, InvalidationApplier applier, CacheTrust trust,
                         MembershipHeartbeat membership, KafkaSettings kafka, SessionClientConfiguration config,
                         Ticker ticker) {
        this.consumer = consumer;
        this.membership = membership;
        this.applier = applier;
        this.trust = trust;
        this.ticker = ticker;
        this.topic = config.invalidationsTopic();
        this.freshness = new BroadcastFreshness(trust, BroadcastFreshness.checkInterval(config.trustBound()), ticker);
        this.outage = new KafkaOutage(LOG, "Invalidation listener on " + topic,
                "the near cache is not trusted (every request goes to Redis) and readiness is DOWN", kafka);
        this.lastPollNanos = ticker.read();
        this.thread = new Thread(this::run, "invalidation-listener");
        this.thread.setDaemon(true);
    }

    @PostConstruct
    void start() {
        thread.start();
    }

    /** Whether the consumer is positioned on every partition of the topic. */
    boolean isReady() {
        return ready;
    }

    /** Time since the last successful poll. */
    Duration sinceLastPoll() {
        return Duration.ofNanos(ticker.read() - lastPollNanos);
    }

    String topic() {
        return topic;
    }

    private void run() {
        try {
            applier.warmUp(topic);
            boolean positioned = false;
            while (running) {
                try {
                    if (!positioned) {
                        positioned = positionAtEnd();
                    }
                    if (positioned) {
                        pollOnce();
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    outage.failed(e);
                    positioned = false;
                    LockSupport.parkNanos(RESTART_PAUSE.toNanos());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("Invalidation listener woken unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("Invalidation listener on {} stopped", topic, e);
        } finally {
            ready = false;
        }
    }

    private void pollOnce() {
        List<String> revoked = new ArrayList<>();
        boolean appliedAny = false;
        long broadcastTime = 0;
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
            Invalidation invalidation = applier.apply(record);
            if (invalidation != null) {
                appliedAny = true;
                revoked.addAll(invalidation.sessionIds());
                broadcastTime = Math.max(broadcastTime, record.timestamp());
            }
        }
        lastPollNanos = ticker.read();
        membership.polled(positions(), appliedAny, revoked, broadcastTime);
        freshness.check(offsets);
    }

    /** The consumer's position on each partition: every invalidation before it has been applied. */
    private Map<Integer, Long> positions() {
        Map<Integer, Long> positions = new HashMap<>();
        for (TopicPartition tp : assigned) {
            positions.put(tp.partition(), consumer.position(tp));
        }
        return positions;
    }

    /**
     * Assigns every partition (the first time) and moves to the end of each; false if the topic has none yet. On a
     * restart after a failure the near cache is emptied once the new positions are fixed: a session read from Redis
     * before that may have missed an invalidation that was skipped.
     */
    private boolean positionAtEnd() {
        if (assigned.isEmpty()) {
            List<TopicPartition> partitions = partitions();
            if (partitions.isEmpty()) {
                return false;
            }
            assigned = partitions;
            consumer.assign(assigned);
        }
        freshness.restart();
        consumer.seekToEnd(assigned);
        // seekToEnd is lazy: resolve the positions now, so readiness means "nothing later is missed".
        assigned.forEach(consumer::position);
        if (ready) {
            trust.positionLost();
        }
        lastPollNanos = ticker.read();
        // Positioned at the end: everything before is older than anything this instance will cache.
        membership.polled(positions(), false, List.of(), 0);
        ready = true;
        outage.succeeded();
        LOG.info("Listening for invalidations on {} ({} partitions)", topic, assigned.size());
        // Positioned at the end just now: asking the end offsets at once can report "caught up" without waiting for
        // a first poll to come back empty (which waits the whole poll timeout on a quiet topic): an instance trusts
        // its near cache, and is ready, that much sooner after its start.
        freshness.check(offsets);
        return true;
    }

    /**
     * The topic's partitions; empty (said once) while Kafka does not answer within five seconds, or (after a
     * pause) while the topic does not exist.
     */
    private List<TopicPartition> partitions() {
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(topic, PARTITIONS_TIMEOUT);
        } catch (TimeoutException e) {
            outage.failed(e);
            return List.of();
        }
        if (partitions.isEmpty()) {
            outage.failed(new TopicNotFound(topic));
            LockSupport.parkNanos(RESTART_PAUSE.toNanos());
            return List.of();
        }
        return partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }

    /** The freshness check's view of this consumer; only ever called on the loop's thread. */
    private final class ConsumerOffsets implements BroadcastFreshness.Offsets {

        @Override
        public Map<TopicPartition, Long> endOffsets(Duration timeout) {
            try {
                return consumer.endOffsets(assigned, timeout);
            } catch (TimeoutException e) {
                LOG.debug("End offsets of {} not known within {} ms", topic, timeout.toMillis());
                return null;
            }
        }

        @Override
        public long position(TopicPartition partition) {
            try {
                return consumer.position(partition, Duration.ZERO);
            } catch (TimeoutException e) {
                return -1; // a position being reset is not known yet: not caught up
            }
        }
    }

    /** The broadcast topic does not exist (yet): reported like a failure, though the loop itself is fine. */
    static final class TopicNotFound extends RuntimeException {

        TopicNotFound(String topic) {
            super("topic " + topic + " not found; waiting for it");
        }
    }
}
