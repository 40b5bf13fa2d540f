package io.sessionstream.testkit;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Redis Cluster for tests, without Docker: three masters and three replicas, each its own
 * {@code redis-server} (7.0 or later, from the {@code PATH}) started by this JVM as a child process, on free
 * loopback ports, and joined with {@code redis-cli --cluster create … --cluster-replicas 1}. Administration goes
 * through {@code redis-cli}, the tool an operator uses; the topology it prints is read with Lettuce's own parser.
 *
 * <p>What a test can do to it, while its clients keep running: {@link #killMaster kill a master} with SIGKILL and
 * {@link #awaitFailover wait} until its replica is promoted, {@link #restart restart} the killed node (it rejoins as
 * a replica of the promoted one), and {@link #reshard move slots} between masters, which migrates their live keys
 * (clients are then redirected with {@code ASK} and {@code MOVED}).
 *
 * <p>Settings, and why:
 * <ul>
 *   <li>{@code cluster-node-timeout} {@value #NODE_TIMEOUT_MS} ms: a killed master is failed over in about two
 *       seconds instead of the default 15 s timeout's twenty.</li>
 *   <li>Each node's cluster bus gets its own free port ({@code cluster-port}, Redis 7): the default, client port +
 *       10000, is outside the port range for any client port above 55535, which {@link Ports#free()} may hand out,
 *       and it may be taken even when the client port is free.</li>
 *   <li>{@code repl-diskless-sync-delay 0}: by default a master waits 5 s before the first full sync to a replica,
 *       and a replica that never synced refuses to take over ("Disconnected from master for longer than
 *       allowed"); {@link #awaitHealthy} also waits until every replica's link is up, so a master killed right
 *       after {@link #start} has a replica that can be promoted.</li>
 *   <li>No persistence ({@code save ""}, {@code appendonly no}): a restarted node comes back empty and takes its
 *       data from its master as a replica. Only {@code nodes-<port>.conf} is kept, so a node restarts as the same
 *       cluster member.</li>
 *   <li>{@code repl-diskless-load on-empty-db} and a {@code dbfilename} per node: by default a replica writes the
 *       full sync it receives to {@code dump.rdb} in its directory and loads it from there, and the nodes share the
 *       directory, so two replicas syncing at once could each load the other's data.</li>
 * </ul>
 *
 * <p>Everything is written under the directory given to {@link #start}: each node's config and its log,
 * {@code redis-<port>.log}, which {@link #close()} leaves in place for a failed test to be read. The processes are
 * ended by {@link #close()}, and by a shutdown hook if the JVM ends first (a SIGKILL of the JVM itself runs no hook:
 * then the nodes outlive it).
 */
public final class RedisClusterServer implements AutoCloseable {

    /** One node of the cluster, named by its client port (which a restart keeps). */
    public record Node(int port) {

        /** {@code 127.0.0.1:<port>}, as {@code redis-cli} takes it. */
        public String hostAndPort() {
            return HOST + ":" + port;
        }

        /** {@code redis://127.0.0.1:<port>}. */
        public String uri() {
            return "redis://" + hostAndPort();
        }
    }

    static final int NODE_TIMEOUT_MS = 1000;
    private static final String HOST = "127.0.0.1";
    private static final int SLOTS = 16384;
    private static final int NODES = 6;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(100);

    /** Reads the tools' output: daemon threads, so a JVM never waits for one at exit. */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "redis-cli-output");
        thread.setDaemon(true);
        return thread;
    });

    private final Path dir;
    /** Client port → bus port, for every node, in the order of creation. */
    private final Map<Integer, Integer> busPorts = new LinkedHashMap<>();
    /** Client port → the running process; a killed node's entry is removed until it is restarted. */
    private final Map<Integer, Process> running = new LinkedHashMap<>();
    /** Killed master → the slots it served when it was killed. */
    private final Map<Integer, List<Integer>> slotsOfKilled = new LinkedHashMap<>();
    private final Thread shutdownHook = new Thread(this::destroyAll, "redis-cluster-stop");
    private List<Node> seeds = List.of();

    private RedisClusterServer(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts six nodes under {@code dir} (created if missing), creates the cluster, and returns once every node
     * reports {@code cluster_state:ok}, every slot is served and every replica is in sync: see {@link #awaitHealthy}.
     */
    public static RedisClusterServer start(Path dir) {
        requireRedis7();
        RedisClusterServer cluster = new RedisClusterServer(dir);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < NODES; i++) {
                cluster.launchOnFreePorts();
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            cluster.busPorts.keySet().forEach(port -> create.add(new Node(port).hostAndPort()));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            run(create, Duration.ofSeconds(60));
            cluster.awaitHealthy(START_TIMEOUT);
            cluster.seeds = cluster.masters();
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException("cannot prepare the Redis Cluster directory " + dir, e);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * The nodes that were masters when the cluster was created, as {@code redis://127.0.0.1:<port>}: a client's
     * seeds, from which it discovers the rest of the topology. The list does not change when masters do.
     */
    public List<String> seedUris() {
        return seeds.stream().map(Node::uri).toList();
    }

    /** {@link #seedUris()} comma-separated: the form {@code REDIS_URIS} takes. */
    public String seedUrisCsv() {
        return String.join(",", seedUris());
    }

    /** The directory the nodes' configs and logs are written to. */
    public Path dir() {
        return dir;
    }

    /** The masters that serve slots now, in port order. */
    public List<Node> masters() {
        return topology().stream()
                .filter(node -> node.is(NodeFlag.UPSTREAM) && !node.getSlots().isEmpty())
                .map(RedisClusterServer::nodeOf).sorted((a, b) -> Integer.compare(a.port(), b.port())).toList();
    }

    /** The replicas now (of any master), in port order; a node that is not running is not listed. */
    public List<Node> replicas() {
        return topology().stream()
                .filter(node -> node.is(NodeFlag.REPLICA) && isRunning(nodeOf(node)))
                .map(RedisClusterServer::nodeOf).sorted((a, b) -> Integer.compare(a.port(), b.port())).toList();
    }

    /** The master serving {@code key}'s slot now (a hash tag, {@code {...}}, decides the slot as for any client). */
    public Node masterOf(String key) {
        int slot = SlotHash.getSlot(key);
        return topology().stream()
                .filter(node -> node.is(NodeFlag.UPSTREAM) && node.hasSlot(slot))
                .map(RedisClusterServer::nodeOf).findFirst()
                .orElseThrow(() -> new IllegalStateException("no master serves slot " + slot + " of " + key));
    }

    /** The slots {@code master} serves now, in ascending order (empty for a replica). */
    public List<Integer> slotsOf(Node master) {
        return topology().stream().filter(node -> nodeOf(node).equals(master))
                .flatMap(node -> node.getSlots().stream()).sorted().toList();
    }

    /** The cluster node id of {@code node} (its {@code CLUSTER MYID}), as {@code redis-cli --cluster} takes it. */
    public String nodeId(Node node) {
        return cli(node, "CLUSTER", "MYID").strip();
    }

    /** Whether {@code node}'s process is running (it was not killed, or it was restarted). */
    public synchronized boolean isRunning(Node node) {
        Process process = running.get(node.port());
        return process != null && process.isAlive();
    }

    /**
     * Kills master {@code node} with SIGKILL, as a crash would, and waits until its process is gone. Its replica is
     * promoted only after the cluster has agreed that it failed: {@link #awaitFailover} waits for that.
     */
    public void killMaster(Node node) {
        RedisClusterNode master = topology().stream()
                .filter(n -> nodeOf(n).equals(node) && n.is(NodeFlag.UPSTREAM) && !n.getSlots().isEmpty())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(node.hostAndPort() + " is not a master serving slots"));
        Process process;
        synchronized (this) {
            slotsOfKilled.put(node.port(), List.copyOf(master.getSlots()));
            process = running.remove(node.port());
        }
        process.destroyForcibly();
        awaitExit(process, node);
    }

    /**
     * Waits until the slots that {@code killed} served (see {@link #killMaster}) are served by a running node and
     * the cluster is {@link #awaitHealthy healthy} again; returns the promoted node.
     */
    public Node awaitFailover(Node killed, Duration timeout) {
        List<Integer> slots;
        synchronized (this) {
            slots = slotsOfKilled.get(killed.port());
        }
        if (slots == null || slots.isEmpty()) {
            throw new IllegalArgumentException(killed.hostAndPort() + " was not killed as a master");
        }
        awaitHealthy(timeout);
        int slot = slots.get(0);
        return topology().stream()
                .filter(node -> node.is(NodeFlag.UPSTREAM) && node.hasSlot(slot))
                .map(RedisClusterServer::nodeOf).findFirst()
                .orElseThrow(() -> new IllegalStateException("no master serves slot " + slot + " after the failover"));
    }

    /**
     * Starts a killed node again, on its ports and with its {@code nodes-<port>.conf}, and returns once it answers.
     * It comes back empty and, once it hears of the newer configuration, rejoins as a replica of the node promoted
     * in its place: call this after {@link #awaitFailover}, and {@link #awaitHealthy} after it. (Restarted before
     * the failover, the empty node would resume as master of its slots, and its replica would copy the emptiness.)
     */
    public void restart(Node node) {
        if (isRunning(node)) {
            throw new IllegalStateException(node.hostAndPort() + " is running");
        }
        Process process = launch(node.port(), busPorts.get(node.port()));
        awaitAnswer(node, process);
        synchronized (this) {
            running.put(node.port(), process);
        }
    }

    /**
     * Moves {@code slots} slots from master {@code from} to master {@code to} with {@code redis-cli --cluster
     * reshard}, which migrates each slot's keys ({@code MIGRATE}) while clients keep using them; returns once the
     * tool has finished and every node agrees on the new owners ({@link #awaitHealthy}). The tool moves {@code from}'s
     * lowest-numbered slots.
     */
    public void reshard(Node from, Node to, int slots) {
        run(List.of("redis-cli", "--cluster", "reshard", from.hostAndPort(),
                "--cluster-from", nodeId(from), "--cluster-to", nodeId(to),
                "--cluster-slots", String.valueOf(slots), "--cluster-yes"), Duration.ofMinutes(2));
        awaitHealthy(START_TIMEOUT);
    }

    /**
     * Moves each of {@code slots} (with its keys) from the master that serves it to {@code to}, one slot after the
     * other, as {@code redis-cli --cluster reshard} moves a slot — {@code CLUSTER SETSLOT … IMPORTING} on the target,
     * {@code MIGRATING} on the source, {@code MIGRATE} of its keys in batches, then {@code SETSLOT … NODE} on every
     * master — but for chosen slots: a test moves the slots its users' keys are in while they are used. Slots {@code to}
     * serves already are left alone. Returns how many slots moved.
     */
    public int migrateSlots(java.util.Collection<Integer> slots, Node to) {
        String target = nodeId(to);
        int moved = 0;
        for (int slot : new java.util.TreeSet<>(slots)) {
            Node from = topology().stream().filter(n -> n.is(NodeFlag.UPSTREAM) && n.hasSlot(slot))
                    .map(RedisClusterServer::nodeOf).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no master serves slot " + slot));
            if (from.equals(to)) {
                continue;
            }
            String source = nodeId(from);
            cli(to, "CLUSTER", "SETSLOT", String.valueOf(slot), "IMPORTING", source);
            cli(from, "CLUSTER", "SETSLOT", String.valueOf(slot), "MIGRATING", target);
            while (true) {
                String keys = cli(from, "CLUSTER", "GETKEYSINSLOT", String.valueOf(slot), "100").strip();
                if (keys.isEmpty()) {
                    break;
                }
                List<String> migrate = new ArrayList<>(List.of("MIGRATE", HOST, String.valueOf(to.port()), "", "0",
                        "5000", "REPLACE", "KEYS"));
                migrate.addAll(List.of(keys.split("\\s+")));
                cli(from, migrate.toArray(String[]::new));
            }
            for (Node master : masters()) {
                cli(master, "CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", target);
            }
            moved++;
        }
        awaitHealthy(START_TIMEOUT);
        return moved;
    }

    /** Deletes every key on every running master (replicas follow), for a cluster reused between tests. */
    public void flushAll() {
        masters().stream().filter(this::isRunning).forEach(master -> cli(master, "FLUSHALL"));
    }

    /**
     * Waits until the cluster is healthy as seen from every running node, and returns how long that took. Healthy:
     * the node says {@code cluster_state:ok} with all 16384 slots ok; it sees every slot served by a running master
     * and no running node as failing; all running nodes agree on which node serves each slot and on each running
     * node's role (a restarted node is a replica in every view, not only in its own); and each running replica's
     * link to its master is up (so its data is there to be promoted).
     *
     * @throws IllegalStateException after {@code timeout}, saying what was still wrong
     */
    public Duration awaitHealthy(Duration timeout) {
        long started = System.nanoTime();
        AtomicReference<String> problem = new AtomicReference<>("not checked yet");
        try {
            await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .until(() -> {
                        problem.set(problem());
                        return problem.get() == null;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("Redis Cluster not healthy after " + timeout.toMillis() + " ms: "
                    + problem.get() + " (node logs in " + dir + ")", e);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Ends every node and waits for each to exit. Idempotent; the directory and its logs are left in place. */
    @Override
    public void close() {
        destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it ends the nodes itself.
        }
    }

    private void destroyAll() {
        List<Map.Entry<Integer, Process>> nodes;
        synchronized (this) {
            nodes = new ArrayList<>(running.entrySet());
            running.clear();
        }
        nodes.forEach(node -> node.getValue().destroyForcibly());
        nodes.forEach(node -> awaitExit(node.getValue(), new Node(node.getKey())));
    }

    /** What is wrong with the cluster now, or null if nothing is (see {@link #awaitHealthy}). */
    private String problem() {
        List<Node> alive = runningNodes();
        List<String> agreedRoles = null;
        String[] agreedOwners = null;
        Node agreedBy = null;
        for (Node node : alive) {
            Map<String, String> info = info(cli(node, "CLUSTER", "INFO"));
            if (!"ok".equals(info.get("cluster_state"))) {
                return node.hostAndPort() + " says cluster_state:" + info.get("cluster_state");
            }
            if (!String.valueOf(SLOTS).equals(info.get("cluster_slots_ok"))) {
                return node.hostAndPort() + " says cluster_slots_ok:" + info.get("cluster_slots_ok");
            }
            Partitions view = ClusterPartitionParser.parse(cli(node, "CLUSTER", "NODES"));
            String[] owners = new String[SLOTS];
            List<String> roles = new ArrayList<>();
            for (RedisClusterNode seen : view) {
                Node seenNode = nodeOf(seen);
                boolean failing = seen.is(NodeFlag.FAIL) || seen.is(NodeFlag.EVENTUAL_FAIL);
                if (alive.contains(seenNode) && (failing || seen.is(NodeFlag.HANDSHAKE))) {
                    return node.hostAndPort() + " sees " + seenNode.hostAndPort() + " as " + seen.getFlags();
                }
                if (alive.contains(seenNode)) {
                    roles.add(seen.getNodeId() + (seen.is(NodeFlag.REPLICA) ? " replica of " + seen.getSlaveOf() : " master"));
                }
                if (seen.is(NodeFlag.UPSTREAM)) {
                    for (int slot : seen.getSlots()) {
                        if (!alive.contains(seenNode)) {
                            return node.hostAndPort() + " sees slot " + slot + " served by " + seenNode.hostAndPort()
                                    + ", which is not running";
                        }
                        owners[slot] = seen.getNodeId();
                    }
                }
            }
            // A restarted node, or a reshard's last slot, reaches the other nodes by gossip: until every node has heard
            // of it, clients (and masterOf) would be told different things by different nodes.
            roles.sort(null);
            if (roles.size() != alive.size()) {
                return node.hostAndPort() + " knows " + roles.size() + " of the " + alive.size() + " running nodes";
            }
            if (agreedBy == null) {
                agreedRoles = roles;
                agreedOwners = owners;
                agreedBy = node;
            } else if (!agreedRoles.equals(roles) || !Arrays.equals(agreedOwners, owners)) {
                return node.hostAndPort() + " and " + agreedBy.hostAndPort() + " disagree on the roles or the slots";
            }
            if (view.stream().anyMatch(seen -> seen.is(NodeFlag.MYSELF) && seen.is(NodeFlag.REPLICA))) {
                String link = info(cli(node, "INFO", "replication")).get("master_link_status");
                if (!"up".equals(link)) {
                    return "replica " + node.hostAndPort() + " has master_link_status:" + link;
                }
            }
        }
        return null;
    }

    private synchronized List<Node> runningNodes() {
        return running.entrySet().stream().filter(e -> e.getValue().isAlive()).map(e -> new Node(e.getKey())).toList();
    }

    /** The topology as the first running node that answers sees it. */
    private Partitions topology() {
        RuntimeException last = null;
        for (Node node : runningNodes()) {
            try {
                return ClusterPartitionParser.parse(cli(node, "CLUSTER", "NODES"));
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new IllegalStateException("no node of the Redis Cluster answers", last);
    }

    private static Node nodeOf(RedisClusterNode node) {
        return new Node(node.getUri().getPort());
    }

    /** Starts one node on a new pair of free ports; a port taken between the check and the bind gets another pair. */
    private void launchOnFreePorts() {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = Ports.free();
            int busPort = Ports.free();
            Process process = launch(port, busPort);
            try {
                awaitAnswer(new Node(port), process);
                synchronized (this) {
                    busPorts.put(port, busPort);
                    running.put(port, process);
                }
                return;
            } catch (IllegalStateException e) {
                process.destroyForcibly();
                awaitExit(process, new Node(port));
                last = e;
            }
        }
        throw last;
    }

    private Process launch(int port, int busPort) {
        List<String> command = List.of("redis-server",
                "--port", String.valueOf(port),
                "--bind", HOST,
                "--daemonize", "no",
                "--dir", dir.toString(),
                "--cluster-enabled", "yes",
                "--cluster-port", String.valueOf(busPort),
                "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
                "--cluster-node-timeout", String.valueOf(NODE_TIMEOUT_MS),
                "--repl-diskless-sync-delay", "0",
                // The nodes share one directory: a replica's full sync must not go through one dump.rdb for all.
                "--repl-diskless-load", "on-empty-db",
                "--dbfilename", "dump-" + port + ".rdb",
                "--save", "",
                "--appendonly", "no");
        try {
            Process node = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(port).toFile())).start();
            // Ended by the reaper if this JVM dies without ending it.
            Reaper.watchThisJvm();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server on port " + port, e);
        }
    }

    private Path log(int port) {
        return dir.resolve("redis-" + port + ".log");
    }

    /** Waits until the node answers PING, or fails at once if its process has ended (its log says why). */
    private void awaitAnswer(Node node, Process process) {
        try {
            await().atMost(COMMAND_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("redis-server on " + node.hostAndPort() + " exited with "
                                    + process.exitValue() + ": " + tail(log(node.port())));
                        }
                        return Ports.answers(HOST, node.port()) && "PONG".equals(cliOrNull(node, "PING"));
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("redis-server on " + node.hostAndPort() + " did not answer within "
                    + COMMAND_TIMEOUT.toSeconds() + " s: " + tail(log(node.port())), e);
        }
    }

    private static void awaitExit(Process process, Node node) {
        try {
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("redis-server on " + node.hostAndPort() + " did not exit after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + node.hostAndPort() + " to exit", e);
        }
    }

    private static String cli(Node node, String... command) {
        List<String> args = new ArrayList<>(List.of("redis-cli", "-h", HOST, "-p", String.valueOf(node.port())));
        args.addAll(List.of(command));
        String out = run(args, COMMAND_TIMEOUT);
        // redis-cli exits 0 on a server error reply, and prints it as "ERR …" (or "(error) …" on a terminal).
        if (out.startsWith("ERR ") || out.startsWith("(error)")) {
            throw new IllegalStateException(String.join(" ", args) + " answered " + out.strip());
        }
        return out;
    }

    private static String cliOrNull(Node node, String... command) {
        try {
            return cli(node, command).strip();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Runs a command to its end within {@code timeout}; returns its output (stdout and stderr), or throws with it. */
    private static String run(List<String> command, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + " (is Redis 7 installed?)", e);
        }
        // Read beside the wait: a process that fills the pipe would otherwise never end, and one that hangs would
        // block the read forever.
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()), READERS);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within "
                        + timeout.toSeconds() + " s");
            }
            String out = output.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + ": " + out.strip());
            }
            return out;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the output of " + command, e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code CLUSTER INFO} and {@code INFO} replies as a map of their {@code name:value} lines. */
    private static Map<String, String> info(String reply) {
        return reply.lines().map(String::strip).filter(line -> line.contains(":") && !line.startsWith("#"))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf(':')),
                        line -> line.substring(line.indexOf(':') + 1), (a, b) -> b));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return lines.isEmpty() ? "(no output)" : String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void requireRedis7() {
        String version;
        try {
            version = run(List.of("redis-server", "--version"), COMMAND_TIMEOUT);
        } catch (RuntimeException e) {
            throw new IllegalStateException("redis-server not found on the PATH — the Redis Cluster for tests runs "
                    + "real redis-server 7 processes: install Redis 7 (e.g. apt-get install redis-server)", e);
        }
        // "Redis server v=7.0.15 sha=…"
        int at = version.indexOf("v=");
        int major = at < 0 ? 0 : Integer.parseInt(version.substring(at + 2, version.indexOf('.', at)));
        if (major < 7) {
            throw new IllegalStateException("the Redis Cluster for tests needs redis-server 7 or later "
                    + "(cluster-port), found: " + version.strip());
        }
    }
}
