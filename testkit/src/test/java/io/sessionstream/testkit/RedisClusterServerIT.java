package io.sessionstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.sessionstream.testkit.RedisClusterServer.Node;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test Redis Cluster is a real one, seen by the client the services use (Lettuce's {@link RedisClusterClient}):
 * hash tags place keys on different masters, one tag's keys share a script, a master killed with SIGKILL is replaced
 * by its replica with its data, and slots resharded under traffic keep every key. The times of the start, the
 * failover and the reshard are logged.
 *
 * <p>An {@code *IT}: it needs {@code redis-server} 7 installed, as the other integration tests need their servers.
 * One cluster serves the class; each test leaves it healthy with three masters and three replicas.
 */
class RedisClusterServerIT {

    private static final Logger LOG = LoggerFactory.getLogger(RedisClusterServerIT.class);

    private static RedisClusterServer cluster;
    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> connection;
    private static RedisAdvancedClusterCommands<String, String> redis;

    @BeforeAll
    static void startCluster() throws Exception {
        long started = System.nanoTime();
        cluster = RedisClusterServer.start(Files.createTempDirectory("redis-cluster"));
        LOG.info("Redis Cluster (3 masters, 3 replicas) started and healthy in {} ms", millisSince(started));

        client = RedisClusterClient.create(cluster.seedUris().stream().map(RedisURI::create).toList());
        // As a service must be configured for a cluster that fails over: refresh the topology on redirects and
        // reconnects (at most every 500 ms), and every second regardless.
        client.setOptions(ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
                        .enablePeriodicRefresh(Duration.ofSeconds(1))
                        .build())
                .build());
        client.setDefaultTimeout(Duration.ofSeconds(2));
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterAll
    static void stopCluster() {
        if (connection != null) {
            connection.close();
        }
        if (client != null) {
            client.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void keysWithDifferentHashTags_landOnDifferentMasters_asTheClusterSays() {
        assertThat(cluster.seedUris()).hasSize(3).allMatch(uri -> uri.startsWith("redis://127.0.0.1:"));
        assertThat(cluster.seedUrisCsv()).isEqualTo(String.join(",", cluster.seedUris()));

        Set<Node> used = new HashSet<>();
        for (int user = 0; user < 30; user++) {
            String key = "{u" + user + "}s";
            redis.set(key, "v" + user);
            Node master = cluster.masterOf(key);
            used.add(master);
            // A connection to that node alone, which follows no redirect: the key is there.
            assertThat(connection.getConnection("127.0.0.1", master.port()).sync().get(key)).isEqualTo("v" + user);
        }
        assertThat(used).containsExactlyInAnyOrderElementsOf(cluster.masters()).hasSize(3);
    }

    @Test
    void keysWithOneHashTag_workInOneScript_andKeysOfTwoSlots_areRefused() {
        String script = "redis.call('SET', KEYS[1], ARGV[1]); redis.call('SET', KEYS[2], ARGV[2]); "
                + "return redis.call('MGET', KEYS[1], KEYS[2])";

        List<Object> both = redis.eval(script, ScriptOutputType.MULTI, new String[] {"{u1}a", "{u1}b"}, "1", "2");

        assertThat(both).containsExactly("1", "2");
        assertThat(SlotHash.getSlot("a")).isNotEqualTo(SlotHash.getSlot("b"));
        assertThatThrownBy(() -> redis.eval(script, ScriptOutputType.MULTI, new String[] {"a", "b"}, "1", "2"))
                .isInstanceOf(RedisCommandExecutionException.class).hasMessageContaining("CROSSSLOT");
    }

    @Test
    void killedMaster_isReplacedByItsReplica_withTheKeysItHeld_andRejoinsAsReplica() {
        String key = "{failover}k";
        Node master = cluster.masterOf(key);
        List<Node> replicasBefore = cluster.replicas();
        RedisClusterCommands<String, String> onMaster = connection.getConnection("127.0.0.1", master.port()).sync();
        onMaster.set(key, "before the kill");
        // On the connection that wrote it: the write has reached the replica.
        assertThat(onMaster.waitForReplication(1, 0)).isEqualTo(1);

        long killed = System.nanoTime();
        cluster.killMaster(master);
        Node promoted = cluster.awaitFailover(master, Duration.ofSeconds(20));
        long failover = millisSince(killed);
        // Each read bounded by its own future: a command the client queued for the dead master before it learnt the
        // new topology waits there (for the node to come back), and a sync call was seen to outlive its timeout.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> connection.async().get(key).get(1, TimeUnit.SECONDS), "before the kill"::equals);
        long readable = millisSince(killed);

        assertThat(replicasBefore).contains(promoted);
        assertThat(cluster.masterOf(key)).isEqualTo(promoted);

        long restarted = System.nanoTime();
        cluster.restart(master);
        cluster.awaitHealthy(Duration.ofSeconds(20));
        LOG.info("failover: master {} killed (SIGKILL), replica {} promoted and cluster ok in {} ms, key readable "
                        + "through the client in {} ms; restarted node back as a replica in {} ms",
                master.port(), promoted.port(), failover, readable, millisSince(restarted));
        assertThat(cluster.replicas()).contains(master);
        assertThat(cluster.masters()).hasSize(3).doesNotContain(master);
        assertThat(redis.get(key)).isEqualTo("before the kill");
    }

    @Test
    void reshard_whileKeysAreWrittenAndRead_movesTheirSlots_andKeepsEveryKey() throws Exception {
        List<Node> masters = cluster.masters();
        Node from = masters.get(0);
        Node to = masters.get(1);
        int slots = 200;
        // The tool moves the source's lowest-numbered slots: fill exactly those.
        List<String> tags = tagsFor(cluster.slotsOf(from).subList(0, slots));
        Map<String, String> written = new ConcurrentHashMap<>();
        for (String tag : tags) {
            for (int i = 0; i < 5; i++) {
                written.put(tag + ":" + i, "v" + i);
            }
        }
        written.forEach(redis::set);
        List<String> initial = List.copyOf(written.keySet());

        AtomicBoolean resharding = new AtomicBoolean(true);
        AtomicInteger operations = new AtomicInteger();
        List<Throwable> failures = new ArrayList<>();
        Thread traffic = new Thread(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int n = 0;
            while (resharding.get()) {
                try {
                    String key = tags.get(random.nextInt(tags.size())) + ":w" + n++;
                    redis.set(key, key);
                    written.put(key, key);
                    String old = initial.get(random.nextInt(initial.size()));
                    if (!written.get(old).equals(redis.get(old))) {
                        throw new AssertionError(old + " read wrong during the reshard");
                    }
                    operations.addAndGet(2);
                } catch (Throwable t) {
                    synchronized (failures) {
                        failures.add(t);
                    }
                }
            }
        }, "traffic-during-reshard");
        traffic.start();

        long started = System.nanoTime();
        try {
            cluster.reshard(from, to, slots);
        } finally {
            resharding.set(false);
            traffic.join(10_000);
        }
        long reshard = millisSince(started);
        LOG.info("reshard: {} slots holding {} keys moved {} -> {} in {} ms, with {} reads and writes running",
                slots, initial.size(), from.port(), to.port(), reshard, operations.get());

        assertThat(failures).isEmpty();
        assertThat(operations.get()).isPositive();
        Set<Integer> slotsOfTo = new HashSet<>(cluster.slotsOf(to));
        assertThat(initial).allMatch(key -> slotsOfTo.contains(SlotHash.getSlot(key)));
        Map<String, String> read = new LinkedHashMap<>();
        written.keySet().forEach(key -> read.put(key, redis.get(key)));
        assertThat(read).isEqualTo(written);
    }

    /** One hash tag per slot, for each of {@code slots}. */
    private static List<String> tagsFor(List<Integer> slots) {
        Set<Integer> wanted = new HashSet<>(slots);
        Map<Integer, String> tagOfSlot = new LinkedHashMap<>();
        for (int i = 0; tagOfSlot.size() < wanted.size(); i++) {
            String tag = "{r" + i + "}";
            int slot = SlotHash.getSlot(tag);
            if (wanted.contains(slot)) {
                tagOfSlot.putIfAbsent(slot, tag);
            }
        }
        return List.copyOf(tagOfSlot.values());
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }
}
