package io.sessionstream.benchmarks;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.sessionstream.devstack.Devstack;
import io.sessionstream.devstack.ServiceProcess;
import io.sessionstream.devstack.Stack;
import io.sessionstream.testkit.EmbeddedKafka;
import io.sessionstream.testkit.Ports;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Projector throughput (ARCHITECTURE §8): events per second the real session-projector (its runnable
 * jar, in its own JVM, as devstack runs it) applies to Redis from a topic filled beforehand.
 *
 * <p>One run: a fresh {@code session.events} topic (as many partitions as devstack's) is filled with
 * {@link EventMix} through a batching producer (not timed); then a projector starts on it (with devstack's {@link Stack#PROJECTOR_JVM_OPTIONS}) with its own
 * consumer group and Redis prefix and the given {@code sessionstream.projector.max-batch}. The clock
 * runs from the first applied record seen in {@code {prefix}applied} to the moment it holds the last
 * offset of every partition; the records applied before the first sighting are not counted. Afterwards
 * the projector stops, its Redis keys are unlinked and the topics deleted.
 *
 * <pre>java -cp benchmarks/target/benchmarks-0.1.0-SNAPSHOT-all.jar io.sessionstream.benchmarks.ProjectorThroughput
 *      [--events N] [--unbatched-events N] [--max-batch N]</pre>
 */
public final class ProjectorThroughput {

    /**
     * Full run: events projected with batching (the million: a shorter run measures mostly the JIT
     * warm-up of the fresh projector JVM — 300,000 gave 11–15k events/s, a million 17–19k, same build), and
     * without (fewer: it is much slower, and the figure is a rate).
     */
    static final int FULL_EVENTS = 1_000_000;
    static final int FULL_UNBATCHED_EVENTS = 6_000;
    /** The batch size measured as "with batching": the projector's default. */
    static final int DEFAULT_MAX_BATCH = 2000;
    /**
     * Smoke run sizes: figures, not timings (each run still starts a projector JVM, ~3 s). The batched run spans
     * five batches: the clock starts at the first commit past the warm-up share, and one batch would leave nothing
     * to measure.
     */
    static final int SMOKE_EVENTS = 5 * DEFAULT_MAX_BATCH;
    static final int SMOKE_UNBATCHED_EVENTS = 200;

    /**
     * Share of the events applied before the clock starts. The projector is a fresh JVM, and in a run of a
     * few seconds its JIT compiler takes as much CPU as the projection (JFR: C2 ~0.5 core); a projector in
     * production has been running for hours. The rate from the first record is reported too.
     */
    static final double WARMUP_SHARE = 0.2;

    private static final Duration POLL = Duration.ofMillis(5);
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    /**
     * One run's figures.
     *
     * @param events          records in the topic
     * @param measuredEvents  records applied while the clock ran (after the first {@link #WARMUP_SHARE} of them)
     * @param seconds         measured time
     * @param eventsPerSecond measuredEvents / seconds: the rate once the projector's JVM is warm
     * @param coldEventsPerSecond the rate from the first applied record, JIT warm-up of the fresh JVM included
     * @param maxBatch        {@code sessionstream.projector.max-batch} (1: no batching)
     * @param partitions      partitions of the topic
     * @param mix             records per event type
     * @param cpu             CPU per event over the measured time, by process: where the cores went
     * @param rebuildSeconds  the batched run only (else 0): the projector's {@code rebuild} command over the same
     *                        topic once the projector has stopped, process start → exit (its JVM's start included):
     *                        what an operator waits for when the projection is rebuilt from the log
     */
    record ProjectorResult(int events, long measuredEvents, double seconds, double eventsPerSecond,
                           double coldEventsPerSecond, int maxBatch, int partitions, Map<String, Integer> mix,
                           CpuUse cpu, double rebuildSeconds) {

        ProjectorResult withRebuild(double seconds) {
            return new ProjectorResult(events, measuredEvents, this.seconds, eventsPerSecond, coldEventsPerSecond,
                    maxBatch, partitions, mix, cpu, seconds);
        }
    }

    private ProjectorThroughput() {
    }

    /**
     * Fills a fresh topic with {@code events} records on the broker at {@code bootstrapServers}, runs the
     * projector jar under {@code home} on it with {@code maxBatch}, and measures. Redis at {@code redisUri}.
     */
    static ProjectorResult run(Path home, String bootstrapServers, String redisUri, int events, int maxBatch,
                               PrintStream out) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String name = "projector-bench-" + suffix;
        SessionTopics topics = new SessionTopics(name + ".events", name + ".events.dlt", name + ".invalidations",
                name + ".activity");
        String prefix = name + ":";
        Topics.create(bootstrapServers, topics.all(), Stack.PARTITIONS);
        RedisClient redisClient = RedisClient.create(redisUri);
        try (StatefulRedisConnection<String, String> redis = redisClient.connect()) {
            out.printf("Projector throughput, max-batch %d: filling %s with %,d events ...%n", maxBatch, topics.events(),
                    events);
            Map<String, Integer> mix = fill(bootstrapServers, topics.events(), events);
            Map<String, String> props = new HashMap<>(Stack.projectorProperties(bootstrapServers, redisUri, prefix, topics,
                    name));
            props.put("sessionstream.projector.max-batch", String.valueOf(maxBatch));
            Path logs = home.resolve("benchmarks").resolve("target").resolve(name);
            try {
                ProjectorResult r;
                try (ServiceProcess projector = ServiceProcess.start("session-projector", Stack.serviceJar(home,
                        "session-projector"), Ports.free(), props, Stack.PROJECTOR_JVM_OPTIONS, logs); Admin admin = admin(bootstrapServers)) {
                    r = measure(() -> committed(admin, name), () -> CpuUse.Snapshot.take(projector, redis.sync()),
                            projector, events, maxBatch, mix);
                    out.printf("  %,.0f events/s warm (%,d events in %.2f s, max-batch %d); %,.0f events/s from the first%n",
                            r.eventsPerSecond(), r.measuredEvents(), r.seconds(), maxBatch, r.coldEventsPerSecond());
                    out.printf("  CPU µs per event: projector %.1f, Redis %.1f, broker %.1f; machine %.1f (%.2f cores busy)%n",
                            r.cpu().projectorMicros(), r.cpu().redisMicros(), r.cpu().brokerMicros(),
                            r.cpu().machineMicros(), r.cpu().cores());
                }
                if (maxBatch > 1) {
                    double seconds = rebuild(home, props, out);
                    out.printf("  rebuild of the projection from the %,d events: %.1f s (its JVM's start included)%n",
                            events, seconds);
                    r = r.withRebuild(seconds);
                }
                return r;
            } finally {
                unlinkAll(redis.sync(), prefix);
                deleteTopics(bootstrapServers, topics.all());
            }
        } finally {
            redisClient.shutdown();
        }
    }

    private static Map<String, Integer> fill(String bootstrapServers, String topic, int events) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024),
                new StringSerializer(), new ByteArraySerializer())) {
            EventMix mix = new EventMix(topic, Math.max(10, events / 8), 42);
            for (int i = 0; i < events; i++) {
                producer.send(mix.next());
            }
            producer.flush();
            return mix.counts();
        }
    }

    /**
     * Records the projector has projected so far: the sum of its group's committed offsets. It commits a batch only once
     * the batch is applied to Redis and its invalidations are acknowledged, and offsets are dense from 0 in a fresh
     * topic without transactions. (The fence, which earlier versions polled, is per user now: no one key counts.)
     */
    private static long committed(Admin admin, String groupId) {
        try {
            return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get().values().stream()
                    .filter(java.util.Objects::nonNull).mapToLong(o -> o.offset()).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the committed offsets of " + groupId, e.getCause());
        }
    }

    private static ProjectorResult measure(java.util.function.LongSupplier projected,
                                           Supplier<CpuUse.Snapshot> cpu, ServiceProcess projector,
                                           int events, int maxBatch, Map<String, Integer> mix) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long warmupEvents = (long) (events * WARMUP_SHARE);
        long firstSeen = 0;
        long appliedAtFirst = 0;
        long start = 0;
        long appliedAtStart = 0;
        CpuUse.Snapshot cpuAtStart = null;
        while (true) {
            long done = projected.getAsLong();
            long now = System.nanoTime();
            if (firstSeen == 0 && done > 0) {
                firstSeen = now;
                appliedAtFirst = done;
            }
            if (start == 0 && done > 0 && done >= warmupEvents) {
                start = now;
                appliedAtStart = done;
                cpuAtStart = cpu.get();
            }
            if (done == events) {
                double seconds = (now - start) / 1e9;
                long measured = events - appliedAtStart;
                CpuUse used = cpu.get().since(cpuAtStart, measured);
                double coldSeconds = (now - firstSeen) / 1e9;
                return new ProjectorResult(events, measured, seconds, seconds > 0 ? measured / seconds : 0,
                        coldSeconds > 0 ? (events - appliedAtFirst) / coldSeconds : 0, maxBatch, Stack.PARTITIONS, mix,
                        used, 0);
            }
            if (projector.exited()) {
                throw new IllegalStateException("session-projector exited; its log " + projector.log() + " ends with:\n"
                        + projector.logTail());
            }
            if (now > deadline) {
                throw new IllegalStateException("the projector applied " + done + " of " + events + " events in "
                        + TIMEOUT.toMinutes() + " min; its log: " + projector.log());
            }
            pause();
        }
    }

    /**
     * Runs the projector's {@code rebuild} command with the projector's properties, as {@code ./admin} and the launcher
     * do; returns its process start → exit in seconds, or throws with its output if it did not succeed.
     */
    private static double rebuild(Path home, Map<String, String> props, PrintStream out) {
        long start = System.nanoTime();
        Stack.CommandResult rebuild = Stack.projectorCommand(home, props, "rebuild", List.of("-Xmx512m"));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (rebuild.exitCode() != 0) {
            throw new IllegalStateException("the projector's rebuild exited " + rebuild.exitCode() + ":\n"
                    + rebuild.output());
        }
        rebuild.output().lines().filter(l -> l.startsWith("rebuild: ")).forEach(l -> out.println("  " + l));
        return seconds;
    }

    /** Unlinks every key under the prefix. */
    static void unlinkAll(RedisCommands<String, String> redis, String prefix) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(5_000));
            if (!page.getKeys().isEmpty()) {
                redis.unlink(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    private static void deleteTopics(String bootstrapServers, List<String> topics) {
        try (Admin admin = admin(bootstrapServers)) {
            admin.deleteTopics(topics).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // best effort: the names are unique, leftovers harm no later run
        }
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring", e);
        }
    }

    /**
     * Runs with and without batching against {@code KAFKA_BOOTSTRAP_SERVERS}, or an embedded broker.
     * Options: {@code --events N} (batched run), {@code --unbatched-events N}, {@code --max-batch N}.
     */
    public static void main(String[] args) throws IOException {
        int events = FULL_EVENTS;
        int unbatched = FULL_UNBATCHED_EVENTS;
        int maxBatch = DEFAULT_MAX_BATCH;
        for (int i = 0; i + 1 < args.length; i += 2) {
            int value = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--events" -> events = value;
                case "--unbatched-events" -> unbatched = value;
                case "--max-batch" -> maxBatch = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path home = Devstack.home();
        String kafka = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        EmbeddedKafka embedded = kafka == null || kafka.isBlank()
                ? EmbeddedKafka.start(Files.createTempDirectory("projector-bench-kafka"), 0) : null;
        try {
            String bootstrap = embedded != null ? embedded.bootstrapServers() : kafka;
            ProjectorResult one = unbatched > 0 ? run(home, bootstrap, Devstack.redisUri(), unbatched, 1, System.out) : null;
            ProjectorResult many = run(home, bootstrap, Devstack.redisUri(), events, maxBatch, System.out);
            System.out.println("mix: " + many.mix());
            if (one != null) {
                System.out.printf("without batching %,.0f events/s, with max-batch %d %,.0f events/s (x%.1f)%n",
                        one.eventsPerSecond(), maxBatch, many.eventsPerSecond(), many.eventsPerSecond() / one.eventsPerSecond());
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        System.exit(0);
    }
}
