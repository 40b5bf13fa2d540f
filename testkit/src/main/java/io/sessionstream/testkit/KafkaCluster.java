package io.sessionstream.testkit;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A replicated Kafka: {@code n} real KRaft nodes, each a combined broker and controller (so the controller quorum
 * has {@code n} voters), each its own operating-system process, so that a test can crash one with SIGKILL
 * ({@link #kill}) and bring it back on the same log directory and ports ({@link #restart}).
 *
 * <p>Replicated as production runs Kafka (docs/operations.md): with three nodes or more, every topic has three
 * replicas and a write needs two of them ({@code default.replication.factor=3}, {@code min.insync.replicas=2}, the
 * same for the consumer offsets and the transaction state), so the cluster keeps accepting {@code acks=all} writes,
 * transactions and offset commits while one node is down. With fewer nodes, one replica per node.
 *
 * <p>Each node, through {@link BrokerMain}, formats its log directory (once) and runs {@code kafka.Kafka}; it stops
 * when this JVM dies. It runs on this JVM's own classpath, which holds the Kafka jars: they are testkit's
 * dependencies, and the devstack's runnable jar carries them. Its output goes to {@code <dir>/node-<id>/broker.log}.
 * The node's JVM is small (256 MB heap, serial GC, C1 only): three of them share two cores with the services under
 * test.
 *
 * <p>A killed node's partitions get new leaders once the controller stops hearing from it: after
 * {@code broker.session.timeout.ms}, set here to 4 s (Kafka's default is 9 s) so that a fault test spends its time
 * on traffic rather than on waiting.
 */
public final class KafkaCluster implements AutoCloseable {

    /** Fixed, so log directories formatted once can be started again ({@code ./run} keeps its cluster's data). */
    private static final String CLUSTER_ID = "c2Vzc2lvbnN0cmVhbTAz";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    /**
     * How long a node may take to stop cleanly. Stopped together, the last node up loses the controller quorum its
     * shutdown waits for (one did not stop within 20 s): it is killed instead, and recovers its logs at the next start.
     * Usually all are gone within 7 s.
     */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** Kafka's id of "no node", as {@link #leaderOf} answers for a partition without a leader. */
    public static final int NO_LEADER = Node.noNode().id();
    private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");

    private final Map<Integer, BrokerNode> nodes;

    private KafkaCluster(Map<Integer, BrokerNode> nodes) {
        this.nodes = nodes;
    }

    /**
     * Starts {@code n} nodes with ids 1..n, node {@code i}'s data in {@code dir/node-i} (formatted if new), on free
     * ports; returns once every node is registered with the controller and serves metadata (at most 90 s).
     */
    public static KafkaCluster start(Path dir, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a Kafka cluster needs at least one node, not " + n);
        }
        Map<Integer, Integer> brokerPorts = new TreeMap<>();
        Map<Integer, Integer> controllerPorts = new TreeMap<>();
        for (int id = 1; id <= n; id++) {
            brokerPorts.put(id, Ports.free());
            controllerPorts.put(id, Ports.free());
        }
        String voters = controllerPorts.entrySet().stream().map(e -> e.getKey() + "@127.0.0.1:" + e.getValue())
                .collect(Collectors.joining(","));
        Map<Integer, BrokerNode> nodes = new TreeMap<>();
        for (int id = 1; id <= n; id++) {
            Path nodeDir = dir.resolve("node-" + id);
            Properties props = brokerProperties(id, n, nodeDir, brokerPorts.get(id), controllerPorts.get(id), voters);
            nodes.put(id, new BrokerNode(id, brokerPorts.get(id), nodeDir, write(nodeDir, props)));
        }
        KafkaCluster cluster = new KafkaCluster(nodes);
        try {
            nodes.values().forEach(BrokerNode::launch);
            cluster.awaitRegistered(List.copyOf(nodes.values()));
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static Path write(Path nodeDir, Properties props) {
        try {
            Files.createDirectories(nodeDir);
            Path file = nodeDir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(file)) {
                props.store(out, "node of a KafkaCluster");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka node directory " + nodeDir, e);
        }
    }

    static Properties brokerProperties(int id, int n, Path nodeDir, int brokerPort, int controllerPort, String voters) {
        String replicas = String.valueOf(Math.min(3, n));
        String inSync = n >= 3 ? "2" : "1";
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(id));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", nodeDir.resolve("data").toString());
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "false");
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", inSync);
        p.put("offsets.topic.replication.factor", replicas);
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", inSync);
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", inSync);
        // Three partitions instead of 50 each: every replica is work for two cores.
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.num.partitions", "3");
        // The log cleaner (compacting the offsets and transaction topics) allocates this buffer on the heap at start:
        // Kafka's 128 MB default in a 256 MB heap failed a node with OutOfMemoryError now and then.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        // A new consumer group would otherwise wait 3 s for its first assignment.
        p.put("group.initial.rebalance.delay.ms", "0");
        // See the class comment: a crashed node loses its leaderships after 4 s.
        p.put("broker.session.timeout.ms", "4000");
        p.put("broker.heartbeat.interval.ms", "1000");
        return p;
    }

    /** The {@code bootstrap.servers} value for clients: every node, so a client starts with any one of them down. */
    public String bootstrapServers() {
        return nodes.values().stream().map(BrokerNode::address).collect(Collectors.joining(","));
    }

    /** The node ids, 1..n. */
    public List<Integer> nodeIds() {
        return List.copyOf(nodes.keySet());
    }

    /** SIGKILL to node {@code nodeId}'s process (a crash: nothing flushed, no controlled shutdown); waits until it is gone. */
    public void kill(int nodeId) {
        node(nodeId).kill();
    }

    /**
     * Starts the killed or stopped node {@code nodeId} again on its log directory and ports; returns once every running
     * node, this one included, is registered again (at most 90 s). Its replicas then catch up from the leaders in the
     * background.
     */
    public void restart(int nodeId) {
        BrokerNode node = node(nodeId);
        node.launch();
        awaitRegistered(List.of(node));
    }

    /** The id of the node leading {@code partition} of {@code topic} now, as the cluster's metadata says; {@link #NO_LEADER} if none. */
    public int leaderOf(String topic, int partition) {
        TopicPartitionInfo info = describe(topic).partitions().stream().filter(p -> p.partition() == partition)
                .findFirst().orElseThrow(() -> new IllegalArgumentException(topic + " has no partition " + partition));
        return info.leader() == null ? NO_LEADER : info.leader().id();
    }

    /** The leader of each partition of {@code topic}, by partition ({@link #NO_LEADER} for none). */
    public Map<Integer, Integer> leadersOf(String topic) {
        Map<Integer, Integer> leaders = new TreeMap<>();
        describe(topic).partitions().forEach(p -> leaders.put(p.partition(), p.leader() == null ? NO_LEADER : p.leader().id()));
        return leaders;
    }

    private TopicDescription describe(String topic) {
        try (Admin admin = Topics.admin(bootstrapServers())) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe " + topic + " at " + bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing " + topic, e);
        }
    }

    /** Where node {@code nodeId} writes its output. */
    public Path log(int nodeId) {
        return node(nodeId).log();
    }

    private BrokerNode node(int nodeId) {
        BrokerNode node = nodes.get(nodeId);
        if (node == null) {
            throw new IllegalArgumentException("no Kafka node " + nodeId + "; the nodes are " + nodes.keySet());
        }
        return node;
    }

    /**
     * Polls (every 200 ms, at most 90 s) until each of {@code starting} answers requests itself and lists itself as a
     * broker, and the cluster lists every running node: a metadata answer holds only registered, unfenced brokers.
     * Asking each starting node directly tells a restarted node from its killed predecessor, which the controller
     * lists until the session timeout. Fails at once, with its log's end, if one of {@code starting} exits.
     */
    private void awaitRegistered(List<BrokerNode> starting) {
        int expected = (int) nodes.values().stream().filter(BrokerNode::running).count();
        int[] seen = {0};
        List<Admin> own = starting.stream().map(node -> Topics.admin(node.address())).toList();
        try (Admin cluster = Topics.admin(bootstrapServers())) {
            await("Kafka nodes registered").atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                starting.forEach(BrokerNode::failIfExited);
                boolean startedUp = true;
                for (int i = 0; i < starting.size() && startedUp; i++) {
                    startedUp = listsItself(own.get(i), starting.get(i).id);
                }
                seen[0] = startedUp ? brokers(cluster) : seen[0];
                return startedUp && seen[0] >= expected;
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(seen[0] + " of " + expected + " Kafka nodes registered after "
                    + READY_TIMEOUT.toSeconds() + " s; their logs are in " + nodes.get(1).log().getParent().getParent(), e);
        } finally {
            own.forEach(admin -> admin.close(Duration.ZERO));
        }
    }

    private static boolean listsItself(Admin admin, int nodeId) throws InterruptedException {
        try {
            return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream().anyMatch(n -> n.id() == nodeId);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private static int brokers(Admin admin) throws InterruptedException {
        try {
            return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
        } catch (ExecutionException | TimeoutException e) {
            return 0;
        }
    }

    /** Stops every node at once (SIGTERM: a clean shutdown; SIGKILL after 10 s) and waits; the data stays. */
    @Override
    public void close() {
        nodes.values().forEach(BrokerNode::requestStop);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        nodes.values().forEach(node -> node.awaitStop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
    }

    /** One node's process. */
    private static final class BrokerNode {

        private final int id;
        private final int port;
        private final Path dir;
        private final Path propsFile;
        private volatile Process process;

        BrokerNode(int id, int port, Path dir, Path propsFile) {
            this.id = id;
            this.port = port;
            this.dir = dir;
            this.propsFile = propsFile;
        }

        String address() {
            return "127.0.0.1:" + port;
        }

        Path log() {
            return dir.resolve("broker.log");
        }

        void launch() {
            if (process != null && process.isAlive()) {
                throw new IllegalStateException("Kafka node " + id + " is still running");
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JVM_OPTIONS);
            command.addAll(List.of("-cp", classpath(), BrokerMain.class.getName(),
                    propsFile.toString(), CLUSTER_ID));
            try {
                // Standard input stays a pipe from this JVM: BrokerMain stops the node when it closes.
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start Kafka node " + id, e);
            }
        }

        boolean running() {
            Process p = process;
            return p != null && p.isAlive();
        }

        /** This JVM's classpath with absolute entries (the launcher's is its jar, relative to where it was started). */
        private static String classpath() {
            return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .map(entry -> Path.of(entry).toAbsolutePath().toString())
                    .collect(Collectors.joining(File.pathSeparator));
        }

        void failIfExited() {
            Process p = process;
            if (p != null && !p.isAlive()) {
                throw new IllegalStateException("Kafka node " + id + " exited (" + p.exitValue() + "); its log "
                        + log() + " ends with:\n" + tail());
            }
        }

        void kill() {
            Process p = process;
            if (p == null) {
                return;
            }
            p.destroyForcibly();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("Kafka node " + id + " survived SIGKILL for 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while killing Kafka node " + id, e);
            }
        }

        void requestStop() {
            Process p = process;
            if (p != null) {
                p.destroy();
            }
        }

        void awaitStop(Duration timeout) {
            Process p = process;
            if (p == null) {
                return;
            }
            try {
                if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        private String tail() {
            try {
                List<String> lines = Files.readAllLines(log());
                return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }
}
