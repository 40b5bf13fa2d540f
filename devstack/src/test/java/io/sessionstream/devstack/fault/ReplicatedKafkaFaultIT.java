package io.sessionstream.devstack.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sessionstream.devstack.Stack;
import io.sessionstream.devstack.StackSettings;
import io.sessionstream.devstack.TestStacks;
import io.sessionstream.devstack.Topology;
import io.sessionstream.testkit.KafkaCluster;
import io.sessionstream.testkit.Ports;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestRedis;
import io.sessionstream.testkit.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault suite's case for a replicated Kafka: a stack of its own on a {@link KafkaCluster} of three broker processes
 * (topics at replication factor 3, {@code min.insync.replicas=2}) — one auth-service, whose outbox relay writes in
 * Kafka transactions, one projector in its consumer group, two app instances with their own broadcast consumers —
 * under the concurrent {@link Workload}. The broker leading the events topic's partitions (the most of them) is
 * killed with SIGKILL while the workload runs, the workload goes on on the new leaders, and the broker is restarted.
 * Then, as in {@link FaultToleranceIT}: the {@link FinalState} holds (no event lost, each user's events in outbox order
 * on the topic, Redis holds exactly the live sessions, no instance accepts a revoked session) and the
 * {@link HistoryChecker} finds no violation.
 *
 * <p>A class of its own, not a case of {@link FaultToleranceIT}: that suite's stack runs one broker in the test JVM,
 * which its other cases stop, restart and partition.
 */
class ReplicatedKafkaFaultIT {

    private static final int BROKERS = 3;
    private static final int CLIENTS = 4;
    private static final int USERS = 4;

    private static StackSettings settings;
    private static Stack stack;
    private static FinalState finalState;
    private static final Model model = new Model();

    @BeforeAll
    static void startStack() {
        long start = System.nanoTime();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        settings = StackSettings.builder(Path.of("..").toAbsolutePath().normalize(),
                        Path.of("target", "replicated-kafka-" + suffix).toAbsolutePath())
                .kafkaBrokers(BROKERS)
                .redis(TestRedis.uri()).redisPrefix(TestRedis.uniquePrefix())
                .database(TestPostgres.newDatabase())
                .topics(SessionTopics.uniqueNames())
                .projectorGroup("projector-" + suffix)
                .authPort(Ports.free()).projectorPort(Ports.free())
                .appPorts(List.of(Ports.free(), Ports.free()))
                .overrides(TestStacks.withTestLimits(Map.of("sessionstream.auth.projection-wait", "2s")))
                .appJvmOptions(TestStacks.APP_JVM_OPTIONS)
                .serviceJvmOptions(TestStacks.SERVICE_JVM_OPTIONS)
                .classDataSharing(TestStacks.CLASS_DATA)
                .build();
        stack = Stack.start(settings, Topology.SINGLE, System.out);
        finalState = new FinalState(settings, stack.bootstrapServers(), stack.appUrls());
        System.out.println("replicated-kafka stack started in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    @AfterAll
    static void stopStack() {
        long start = System.nanoTime();
        if (stack != null) {
            stack.close();
        }
        System.out.println("replicated-kafka stack stopped in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    @Test
    void brokerLeadingTheEventsPartitions_killedAndRestarted_nothingLostOrderKeptNothingStale() throws Exception {
        KafkaCluster cluster = stack.kafkaCluster();
        String events = settings.topics().events();
        assertReplicated(settings.topics().all());
        Workload workload = Workload.prepare(model, stack::authUrls, stack.appUrls(), USERS).start(CLIENTS, Integer.MAX_VALUE);
        workload.proceed(30);

        Map<Integer, Integer> leaders = cluster.leadersOf(events);
        int victim = mostFrequent(leaders.values());
        cluster.kill(victim);
        long killed = System.nanoTime();
        System.out.println("killed Kafka node " + victim + " (kill -9), leader of " + events + " partitions "
                + partitionsLedBy(leaders, victim) + " of " + leaders);
        // Brokers learn the new leaders one after the other: the first answer without the victim is the one printed.
        Map<Integer, Integer> moved = await("every events partition led by a live broker").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> cluster.leadersOf(events), now -> now.values().stream()
                        .allMatch(l -> l != victim && l != KafkaCluster.NO_LEADER));
        System.out.println("new leaders " + moved + " after " + (System.nanoTime() - killed) / 1_000_000 + " ms");
        workload.proceed(40);
        cluster.restart(victim);
        workload.proceed(30);
        History history = workload.stop();

        await("node " + victim + " back in sync on every events partition").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> describe(List.of(events)).get(events).partitions().stream()
                        .allMatch(p -> p.isr().stream().anyMatch(n -> n.id() == victim)));
        finalState.verify(model, FaultToleranceIT.TRUST_BOUND.plusSeconds(3));
        HistoryChecker.Verdict verdict = HistoryChecker.check(history, model, FaultToleranceIT.BOUND,
                finalState.durableSessions());
        System.out.println("fault=\"events partition leader kill -9\" " + verdict.summary());
        assertThat(verdict.violations()).as("events partition leader kill -9").isEmpty();
    }

    /** Every topic of the stack has three replicas and needs two of them for a write. */
    private static void assertReplicated(Collection<String> topics) throws Exception {
        describe(topics).values().forEach(t -> assertThat(t.partitions()).as(t.name())
                .allSatisfy(p -> assertThat(p.replicas()).hasSize(Topics.REPLICATION_FACTOR)));
        try (Admin admin = admin()) {
            List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                    .toList();
            admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS).forEach((resource, config) ->
                    assertThat(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).as(resource.name())
                            .isEqualTo(String.valueOf(Topics.MIN_IN_SYNC_REPLICAS)));
        }
    }

    private static Map<String, TopicDescription> describe(Collection<String> topics) throws Exception {
        try (Admin admin = admin()) {
            return admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** The node leading the most partitions; of nodes leading as many, the one that leads the lowest partition. */
    private static int mostFrequent(Collection<Integer> leaders) {
        Map<Integer, Long> counts = leaders.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        long most = counts.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        return leaders.stream().filter(l -> counts.get(l) == most).findFirst().orElseThrow();
    }

    private static Set<Integer> partitionsLedBy(Map<Integer, Integer> leaders, int node) {
        return leaders.entrySet().stream().filter(e -> e.getValue() == node).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
