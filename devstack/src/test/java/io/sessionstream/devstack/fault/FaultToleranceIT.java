package io.sessionstream.devstack.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sessionstream.devstack.Stack;
import io.sessionstream.devstack.StackSettings;
import io.sessionstream.devstack.TestStacks;
import io.sessionstream.devstack.Topology;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.LoggedIn;
import io.sessionstream.testkit.Ports;
import io.sessionstream.testkit.RedisClusterServer;
import io.sessionstream.store.RedisLayout;
import io.lettuce.core.cluster.SlotHash;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault-injection suite: the whole system as real processes — two auth-services, two projectors,
 * three app instances, its own Kafka broker, a Redis Cluster of its own (3 masters + 3 replicas, testkit's
 * {@link RedisClusterServer}, given to every process as {@code redis.uris}) — under a concurrent
 * {@link Workload}, with one fault injected per test while the workload runs. The cluster is where Redis faults
 * are real (a master killed, slots migrated), and every other fault runs on it too; the rest of the suite runs on a
 * single Redis. After each:
 *
 * <ul>
 *   <li>the {@link HistoryChecker} finds no revoked session admitted later than the bound after its
 *       revocation answered, and no admitted session that no login created;</li>
 *   <li>the {@link FinalState} holds: no event lost, Redis holds exactly the live sessions, no instance
 *       accepts a revoked session.</li>
 * </ul>
 *
 * <p>app-3 reaches Kafka only through a proxy that the last case cuts: a real partition of one
 * instance from the broker, while it still reaches Redis.
 *
 * The tests run in order on the one stack (starting seven JVMs once keeps the suite within minutes);
 * each heals its fault before it checks, so the next starts from a whole system.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {

    /** How long after a revocation answered (204) any instance may still admit its session: not once (receipts). */
    static final Duration BOUND = Duration.ZERO;
    /** How long an instance cut off Kafka may keep answering from memory (the trust rule). */
    static final Duration TRUST_BOUND = Duration.ofSeconds(2);
    private static final int CLIENTS = 4;
    /** Requests of the fault-free history. The fault cases run for request counts too (proceed), not for a time. */
    private static final int HISTORY_OPS = 800;
    private static final int USERS_PER_TEST = 6;

    private static RedisClusterServer redis;
    private static StackSettings settings;
    private static Stack stack;
    private static FinalState finalState;
    private static final Model model = new Model();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startStack() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String group = "projector-" + suffix;
        Path workDir = Path.of("target", "fault-" + suffix).toAbsolutePath();
        redis = RedisClusterServer.start(workDir.resolve("redis-cluster"));
        settings = StackSettings.builder(Path.of("..").toAbsolutePath().normalize(), workDir)
                .redisCluster(redis.seedUrisCsv()).redisPrefix(TestRedis.uniquePrefix())
                .database(TestPostgres.newDatabase())
                .topics(SessionTopics.unique())
                .projectorGroup(group)
                .authPort(Ports.free()).projectorPort(Ports.free())
                .appPorts(List.of(Ports.free(), Ports.free(), Ports.free()))
                .overrides(TestStacks.withTestLimits(Map.of("sessionstream.auth.projection-wait", "2s",
                        // A crashed projector's partitions move to the other one after this.
                        "sessionstream.projector.session-timeout-ms", "6000",
                        "sessionstream.projector.heartbeat-interval-ms", "1000")))
                .appJvmOptions(TestStacks.APP_JVM_OPTIONS)
                .serviceJvmOptions(TestStacks.SERVICE_JVM_OPTIONS)
                .classDataSharing(TestStacks.CLASS_DATA)
                .build();
        stack = Stack.start(settings, new Topology(2, 2, Set.of("app-3")), System.out);
        finalState = new FinalState(settings, stack.bootstrapServers(), stack.appUrls());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    void history_concurrentClientsWithoutFaults_noViolation() throws Exception {
        Workload workload = prepare();

        History history = workload.start(CLIENTS, HISTORY_OPS).awaitDone(180);

        HistoryChecker.Verdict verdict = check("no fault", history);
        System.out.println(verdict.summary());
        assertThat(verdict.ops()).isEqualTo(HISTORY_OPS);
    }

    @Test
    @Order(2)
    void projectorKilledMidStream_andRestarted_nothingLostNothingStale() throws Exception {
        Workload workload = prepare().start(CLIENTS, Integer.MAX_VALUE);
        workload.proceed(40);

        stack.kill("session-projector-1");
        workload.proceed(60);
        stack.restart("session-projector-1");
        workload.proceed(40);

        check("projector kill -9", workload.stop());
    }

    @Test
    @Order(3)
    void brokerStoppedAndRestarted_nothingLostNothingStale() throws Exception {
        Workload workload = prepare().start(CLIENTS, Integer.MAX_VALUE);
        workload.proceed(40);

        stack.kafka().close();
        workload.proceed(50);
        stack.kafka().restart();
        workload.proceed(40);

        check("broker stop/start", workload.stop());
    }

    @Test
    @Order(4)
    void redisFlushed_thenRebuilt_holdsExactlyTheLiveSessions() throws Exception {
        Workload workload = prepare().start(CLIENTS, Integer.MAX_VALUE);
        workload.proceed(40);

        flushRedis();
        workload.proceed(30);
        stack.projectors().forEach(stack::stop);
        try {
            // As an operator would: the rebuild refuses while a group still lists a member, and a member the
            // broker restart of the case before left behind stays listed until its session timeout.
            awaitNoMembers(settings.projectorGroupId(), settings.projectorGroupId() + "-activity");
            Stack.CommandResult rebuild = stack.rebuild();
            assertThat(rebuild.exitCode()).as(rebuild.output()).isZero();
            assertThat(rebuild.output()).containsPattern("rebuild: events=\\d+");
        } finally {
            // Whatever happened, the next cases need their projectors.
            stack.restart(stack.projectors().toArray(String[]::new));
        }
        workload.proceed(40);

        check("redis flush + rebuild", workload.stop());
    }

    @Test
    @Order(5)
    void relayLeaderKilled_followerTakesOver_nothingLostNothingStale() throws Exception {
        String leader = stack.authServices().get(0);
        String follower = stack.authServices().get(1);
        Workload workload = prepare().start(CLIENTS, Integer.MAX_VALUE);
        workload.proceed(40);

        stack.kill(leader);
        await("the follower's relay takes the lead").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.readString(stack.process(follower).log()).contains("Outbox relay is the leader"));
        workload.proceed(60);
        History history = workload.stop();
        stack.restart(leader);

        check("auth-service leader kill -9", history);
    }

    @Test
    @Order(6)
    void poisonRecords_areDeadLettered_andTheProjectorMovesOn() throws Exception {
        Workload workload = prepare().start(CLIENTS, Integer.MAX_VALUE);
        workload.proceed(40);

        List<RecordMetadata> poison = feedPoison();
        workload.proceed(60);
        History history = workload.stop();

        check("poison records", history);
        List<ConsumerRecord<String, byte[]>> dead = finalState.readAll(settings.topics().deadLetter());
        for (RecordMetadata p : poison) {
            assertThat(dead).as("dead letter of %s-%d@%d", p.topic(), p.partition(), p.offset()).anySatisfy(d -> {
                assertThat(header(d, "dlt.partition")).isEqualTo(String.valueOf(p.partition()));
                assertThat(header(d, "dlt.offset")).isEqualTo(String.valueOf(p.offset()));
                assertThat(header(d, "dlt.reason")).isNotBlank();
            });
        }
        // Any revocation the clients made (a hundred random requests hold few logouts of their own).
        Set<History.Kind> revocations = Set.of(History.Kind.LOGOUT, History.Kind.REVOKE, History.Kind.LOGOUT_EVERYWHERE);
        long revocationsAfterPoison = history.ops().stream().filter(op -> revocations.contains(op.kind())
                && op.status() == 204).count();
        assertThat(revocationsAfterPoison).as("revocations still answered 204 around the poison").isPositive();
    }

    @Test
    @Order(7)
    void appInstanceCutOffKafka_bypassesItsNearCacheUntilItCatchesUp_nothingStale() throws Exception {
        String partitioned = stack.appUrls().get(2);
        Workload workload = prepare().start(CLIENTS, Integer.MAX_VALUE);
        workload.proceed(40);

        stack.kafka().proxy().cut();
        long cutNanos = System.nanoTime();
        await("app-3 reports its near cache untrusted").atMost(TRUST_BOUND.plusSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> nearCacheTrusted(partitioned) == 0);
        // Asked directly, not counted from the workload's history: on a busy machine its clients can spend the whole
        // cut in logins and logouts that wait for a projection Kafka cannot deliver.
        await("app-3 admits a live session, from Redis, while cut off").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> model.sessions().stream().filter(s -> !s.confirmedRevoked()).limit(20)
                        .anyMatch(s -> meStatus(partitioned, s.token) == 200));
        workload.proceed(60);
        long restoreNanos = System.nanoTime();
        stack.kafka().proxy().restore();
        await("app-3 trusts its near cache again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> nearCacheTrusted(partitioned) == 1 && readiness(partitioned) == 200);
        workload.proceed(40);
        History history = workload.stop();

        check("app instance cut off Kafka", history);
        long servedWhileCut = history.ops().stream().filter(op -> op.instance().equals(partitioned) && op.admitted()
                && op.startNanos() > cutNanos && op.endNanos() < restoreNanos).count();
        System.out.println("app-3 admitted " + servedWhileCut + " workload requests while cut off");
    }

    @Test
    @Order(8)
    void redisMasterKilled_itsReplicaPromoted_nothingLostNothingStale() throws Exception {
        Workload workload = prepare().start(CLIENTS, Integer.MAX_VALUE);
        workload.proceed(40);

        RedisClusterServer.Node master = redis.masters().get(0);
        redis.killMaster(master);
        RedisClusterServer.Node promoted = redis.awaitFailover(master, Duration.ofSeconds(30));
        workload.proceed(60);
        redis.restart(master);
        redis.awaitHealthy(Duration.ofSeconds(30));
        workload.proceed(40);
        History history = workload.stop();

        System.out.println("redis master " + master + " killed, replica " + promoted + " promoted");
        assertNoServerErrorBut503(history);
        check("redis master kill -9", history);
    }

    @Test
    @Order(9)
    void redisSlotsMigratedUnderTraffic_nothingLostNothingStale() throws Exception {
        Set<String> earlier = new java.util.HashSet<>();
        model.sessions().forEach(session -> earlier.add(session.id));
        Workload workload = prepare().start(CLIENTS, Integer.MAX_VALUE);
        workload.proceed(40);

        // The slots of the sessions in use (each in its user's slot, with the user's index, epoch and fence) move
        // to another master while the clients keep going; then 500 more slots (a redis-cli reshard) move back.
        RedisLayout layout = new RedisLayout(settings.redisPrefix());
        Set<Integer> inUse = new java.util.TreeSet<>();
        model.sessions().stream().filter(session -> !earlier.contains(session.id))
                .forEach(session -> inUse.add(SlotHash.getSlot(layout.session(session.id))));
        List<RedisClusterServer.Node> masters = redis.masters();
        int moved = redis.migrateSlots(inUse, masters.get(0));
        workload.proceed(30);
        redis.reshard(masters.get(0), masters.get(1), 500);
        workload.proceed(30);
        History history = workload.stop();

        System.out.println("redis: " + moved + " slots of sessions in use migrated under traffic, then 500 resharded");
        assertThat(moved).as("slots of sessions in use moved").isPositive();

        assertNoServerErrorBut503(history);
        check("redis reshard", history);
    }

    /** While Redis has a slot without a master, the services may answer 503; never another 5xx. */
    private static void assertNoServerErrorBut503(History history) {
        assertThat(history.ops()).as("answers of 500 or above other than 503")
                .noneMatch(op -> op.status() >= 500 && op.status() != 503);
    }

    private static int meStatus(String baseUrl, String token) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/me")).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * The readiness status. Not used to see trust lost: readiness also asks Kafka's health, which a cut-off
     * instance answers only after its own timeout; the meter answers at once.
     */
    private static int readiness(String baseUrl) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health/readiness"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The instance's {@code sessionstream.nearcache.trusted} meter: 1 or 0. */
    private static int nearCacheTrusted(String baseUrl) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics/sessionstream.nearcache.trusted"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.contains("\"value\":1.0") ? 1 : body.contains("\"value\":0.0") ? 0 : -1;
    }

    private static void awaitNoMembers(String... groups) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            await("no member left in " + List.of(groups)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> admin.describeConsumerGroups(List.of(groups)).all().get(10, TimeUnit.SECONDS).values()
                            .stream().allMatch(g -> g.members().isEmpty()));
        }
    }

    private static Workload prepare() {
        Supplier<List<String>> auths = stack::authUrls;
        return Workload.prepare(model, auths, stack.appUrls(), USERS_PER_TEST);
    }

    /** The history check and the final-state check, after the fault is healed. */
    private static HistoryChecker.Verdict check(String fault, History history) throws Exception {
        finalState.verify(model, TRUST_BOUND.plusSeconds(3));
        HistoryChecker.Verdict verdict = HistoryChecker.check(history, model, BOUND, finalState.durableSessions());
        System.out.println("fault=\"" + fault + "\" " + verdict.summary());
        assertThat(verdict.violations()).as(fault).isEmpty();
        return verdict;
    }

    /** {@code FLUSHALL} on every master of the suite's own cluster. */
    private static void flushRedis() {
        redis.flushAll();
    }

    /** Not a CloudEvent; a CloudEvent of an unknown type; a valid event under another user's key. */
    private static List<RecordMetadata> feedPoison() throws Exception {
        String topic = settings.topics().events();
        EventCodec codec = new EventCodec();
        String user = UUID.randomUUID().toString();
        ProducerRecord<String, byte[]> valid = codec.toRecord(topic, codec.encode(new Envelope<>(
                EventMetadata.now("fault-test", null, Clock.systemUTC()),
                new LoggedIn(user, "poison" + UUID.randomUUID().toString().substring(0, 16), "x", Instant.now(),
                        Instant.now().plusSeconds(3600), Instant.now().plusSeconds(600), null, null, List.of()))));
        RecordHeaders unknownType = new RecordHeaders();
        unknownType.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        unknownType.add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        unknownType.add("ce_source", "fault-test".getBytes(StandardCharsets.UTF_8));
        unknownType.add("ce_type", "io.sessionstream.no-such-event".getBytes(StandardCharsets.UTF_8));
        unknownType.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        List<ProducerRecord<String, byte[]>> records = List.of(
                new ProducerRecord<>(topic, user, "not a cloud event".getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>(topic, null, user, "{}".getBytes(StandardCharsets.UTF_8), unknownType),
                new ProducerRecord<>(topic, null, UUID.randomUUID().toString(), valid.value(), valid.headers()));
        List<RecordMetadata> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> r : records) {
                sent.add(producer.send(r).get(10, TimeUnit.SECONDS));
            }
        }
        return sent;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

}
