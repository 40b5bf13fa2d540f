package io.sessionstream.devstack;

import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.testkit.EmbeddedKafka;
import io.sessionstream.testkit.EmbeddedMail;
import io.sessionstream.testkit.KafkaCluster;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import io.sessionstream.testkit.Ports;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The whole system as separate processes: a Kafka broker (embedded in this JVM unless one
 * is given; or, with {@link StackSettings#kafkaBrokers()} above 1, a replicated {@link KafkaCluster} of broker
 * processes), auth-service, session-projector and N app-demo instances (more auth-services and
 * projectors with a {@link Topology}), and a mail server in this JVM ({@link EmbeddedMail}) where the
 * auth-service sends its mail; each message's subject, recipient and link is printed as it arrives.
 * {@link #start} returns once every process reports ready; {@link #close} stops them all, Kafka and
 * the mail server last. Before the projectors start, a projection in Redis of another incarnation of the
 * events topic (the same key prefix used with another broker) is rebuilt from this broker's log, with a
 * line saying so.
 *
 * <p>Fault tests use {@link #kill}, {@link #restart}, {@link #kafka()} (stop, restart, partition),
 * {@link #kafkaCluster()} (crash and restart one broker) and {@link #rebuild()}.
 */
public final class Stack implements AutoCloseable {

    /** Partitions of every topic the stack creates, {@code session.events} included. */
    public static final int PARTITIONS = 3;

    /**
     * JVM options of the {@link ClientApp} instances: extra JVMs beside the stack's own on a 2-core machine, so C1 only
     * (most of a JVM's start-up CPU is C2 compiling) and a smaller heap, as the benchmarks run many app instances.
     */
    static final List<String> CLIENT_APP_JVM_OPTIONS = List.of("-Xmx192m", "-XX:TieredStopAtLevel=1");
    /**
     * JVM options of every session-projector, before the stack's own: a heap that starts at 256 MB instead of the
     * services' 64. The projector allocates for every event it decodes and sends; started at 64 MB, its heap spent
     * 12 % of a replay in GC pauses, 34 of them full collections (JFR), and a batch of 2,000 events made it worse.
     * Measured by {@code ProjectorThroughput}: 10.2k → 14.3k events/s with the larger batch (docs/benchmarks.md).
     */
    public static final List<String> PROJECTOR_JVM_OPTIONS = List.of("-Xms256m");
    /**
     * JVM options of every auth-service, before the stack's own: the whole heap from the start, two thirds of it young.
     * Every Argon2id check allocates its 19 MiB as 1 KiB blocks; in the services' default heap (64 MB at start, a
     * 17 MB eden) each check filled eden about once, and the blocks of the checks in flight were copied and promoted:
     * 80 logins, 8 at once, took 35 young and 12–14 full collections, 1.6–1.8 s of pauses in 5.7 s. With a 205 MB
     * eden the same logins took 8–9 young and at most one full collection (0.1–0.3 s); logins/s 14 → 16–20
     * (docs/benchmarks.md).
     */
    public static final List<String> AUTH_SERVICE_JVM_OPTIONS = List.of("-Xms384m", "-Xmn256m");
    /** The options above by module; the app instances keep the services' defaults. */
    private static final Map<String, List<String>> HEAP_OPTIONS = Map.of("session-projector", PROJECTOR_JVM_OPTIONS,
            "auth-service", AUTH_SERVICE_JVM_OPTIONS);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final String VERSION = "0.1.0-SNAPSHOT";
    /** Exit codes of the projector's {@code check} command (see its usage): this topic's projection or none; another's. */
    private static final int CHECK_OURS = 0;
    private static final int CHECK_FOREIGN = 3;
    /** The line {@code check} prints: {@code check: topic=… topic-id=… projection=… projection-topic-id=…}. */
    private static final Pattern CHECK_LINE = Pattern.compile("^check: topic=\\S+ topic-id=(\\S+) projection=\\S+ "
            + "projection-topic-id=(\\S+)$", Pattern.MULTILINE);

    private final StackSettings settings;
    private final Topology topology;
    private final EmbeddedKafka kafka;
    private final KafkaCluster cluster;
    private final String bootstrap;
    private final EmbeddedMail mail;
    /** Every service by name, in start order; a restart replaces the entry. */
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    private final List<String> auths = new ArrayList<>();
    private final List<String> projectors = new ArrayList<>();
    private final List<String> apps = new ArrayList<>();
    private Map<String, String> projectorProps;
    private final PrintStream out;

    private Stack(StackSettings settings, Topology topology, EmbeddedKafka kafka, KafkaCluster cluster, String bootstrap,
                  EmbeddedMail mail, PrintStream out) {
        this.out = out;
        this.settings = settings;
        this.topology = topology;
        this.kafka = kafka;
        this.cluster = cluster;
        this.bootstrap = bootstrap;
        this.mail = mail;
    }

    /** Starts Kafka (if needed), creates the topics, starts every service and waits until all are ready. */
    public static Stack start(StackSettings settings, PrintStream out) {
        return start(settings, Topology.SINGLE, out);
    }

    /** Like {@link #start(StackSettings, PrintStream)}, with as many of each service as {@code topology} says. */
    public static Stack start(StackSettings settings, Topology topology, PrintStream out) {
        long begin = System.nanoTime();
        out.println("Starting a mail server (GreenMail: SMTP, POP3, IMAP) ...");
        EmbeddedMail mail = EmbeddedMail.start(settings.mailPorts());
        mail.onReceived(m -> out.println(MailConsole.line(m)));
        EmbeddedKafka kafka = null;
        KafkaCluster cluster = null;
        String bootstrap = settings.kafkaBootstrap();
        try {
            if (bootstrap == null && settings.kafkaBrokers() > 1) {
                if (!topology.partitionedApps().isEmpty()) {
                    throw new IllegalArgumentException("partitioned app instances need the single embedded broker");
                }
                out.println("Starting a Kafka cluster of " + settings.kafkaBrokers() + " brokers (KRaft, one process each) ...");
                cluster = KafkaCluster.start(settings.workDir().resolve("kafka-cluster"), settings.kafkaBrokers());
                bootstrap = cluster.bootstrapServers();
            } else if (bootstrap == null) {
                out.println("Starting an embedded Kafka broker (KRaft) ...");
                Path logDir = settings.workDir().resolve("kafka");
                kafka = topology.partitionedApps().isEmpty() ? EmbeddedKafka.start(logDir, settings.kafkaPort())
                        : EmbeddedKafka.startPartitionable(logDir, settings.kafkaPort());
                bootstrap = kafka.bootstrapServers();
            } else if (!topology.partitionedApps().isEmpty()) {
                throw new IllegalArgumentException("partitioned app instances need the embedded broker");
            }
        } catch (RuntimeException e) {
            mail.close();
            throw e;
        }
        Stack stack = new Stack(settings, topology, kafka, cluster, bootstrap, mail, out);
        try {
            long topics = System.nanoTime();
            Topics.create(bootstrap, settings.topics().all(), PARTITIONS);
            long services = System.nanoTime();
            stack.startServices(out);
            out.printf("Ready in %d ms (Kafka and mail %d ms, topics %d ms, services %d ms)%n",
                    (System.nanoTime() - begin) / 1_000_000, (topics - begin) / 1_000_000,
                    (services - topics) / 1_000_000, (System.nanoTime() - services) / 1_000_000);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startServices(PrintStream out) {
        Path logs = settings.workDir().resolve("logs");
        Map<String, String> common = merge(Map.of("kafka.bootstrap.servers", bootstrap), settings.redisProperties());
        Map<String, String> client = Map.of(
                "sessionstream.client.redis-prefix", settings.redisPrefix(),
                "sessionstream.client.invalidations-topic", settings.topics().invalidations(),
                "sessionstream.client.activity-topic", settings.topics().activity(),
                // Plain http on localhost: browsers ignore Strict-Transport-Security there anyway.
                "sessionstream.client.security-headers.hsts", "false");

        Map<String, String> authProps = merge(common, client, Map.of(
                "datasources.default.url", settings.database().jdbcUrl(),
                "datasources.default.username", settings.database().user(),
                "datasources.default.password", settings.database().password(),
                "sessionstream.auth.redis-prefix", settings.redisPrefix(),
                "sessionstream.auth.rate-limit.redis-prefix", settings.redisPrefix() + "rl:",
                "sessionstream.auth.events-topic", settings.topics().events(),
                "sessionstream.auth.cookie-secure", "false"), mailProperties());
        Map<String, String> projectorProps = projectorProperties(bootstrap, settings.redisProperties(),
                settings.redisPrefix(), settings.topics(), settings.projectorGroupId());

        this.projectorProps = projectorProps;
        rebuildAnotherIncarnationsProjection(out);

        out.println("Starting auth-service, session-projector and " + settings.appPorts().size() + " app-demo instances ...");
        for (int i = 1; i <= topology.projectors(); i++) {
            String name = numbered("session-projector", i, topology.projectors());
            projectors.add(name);
            launch(name, "session-projector", i == 1 ? settings.projectorPort() : Ports.free(), projectorProps,
                    Map.of(), serviceJvmOptions("session-projector", i == 1), logs);
        }
        for (int i = 1; i <= topology.authServices(); i++) {
            String name = numbered("auth-service", i, topology.authServices());
            auths.add(name);
            launch(name, "auth-service", i == 1 ? settings.authPort() : Ports.free(), authProps, Map.of(),
                    serviceJvmOptions("auth-service", i == 1), logs);
            if (i == 1 && topology.authServices() > 1) {
                // The first one up takes the relay lock: tests know which auth-service leads. With one there is
                // nothing to order, and the apps start beside it.
                awaitReady();
            }
        }
        for (int i = 0; i < settings.appPorts().size(); i++) {
            String id = "app-" + (i + 1);
            apps.add(id);
            Map<String, String> own = new HashMap<>(settings.appOverrides().getOrDefault(id, Map.of()));
            if (topology.partitionedApps().contains(id)) {
                own.put("kafka.bootstrap.servers", kafka.proxiedBootstrapServers());
            }
            List<String> jvmOptions = new ArrayList<>(settings.appJvmOptions());
            jvmOptions.addAll(classDataSharing("app-demo", i == 0));
            launch(id, "app-demo", settings.appPorts().get(i), merge(common, client, Map.of(
                    "sessionstream.demo.auth-service-url", authUrl(),
                    "sessionstream.demo.instance-id", id)), own, jvmOptions, logs);
        }
        for (ClientApp app : settings.clientApps()) {
            out.println("Starting " + app.ports().size() + " " + app.name() + " instances from " + app.jar() + " ...");
            // What docs/client.md tells an app to set, nothing more: the library's defaults do the rest.
            Map<String, String> documented = merge(common, Map.of(
                    "sessionstream.client.redis-prefix", settings.redisPrefix(),
                    "sessionstream.client.invalidations-topic", settings.topics().invalidations(),
                    "sessionstream.client.activity-topic", settings.topics().activity()));
            for (int i = 0; i < app.ports().size(); i++) {
                String id = app.instances().get(i);
                ServiceProcess p = ServiceProcess.start(id, app.jar(), app.ports().get(i),
                        merge(documented, app.overrides()), CLIENT_APP_JVM_OPTIONS, logs);
                processes.put(id, p);
            }
        }
        awaitReady();
    }

    /** The auth-service sends to this stack's mail server, with links to the first app instance. */
    private Map<String, String> mailProperties() {
        Map<String, String> props = new HashMap<>(mail.senderProperties());
        if (!settings.appPorts().isEmpty()) {
            props.put("sessionstream.auth.mail.link-base-url", "http://127.0.0.1:" + settings.appPorts().get(0));
        }
        return props;
    }

    private static String numbered(String module, int i, int count) {
        return count == 1 ? module : module + "-" + i;
    }

    /** What a session-projector process needs to know: servers, key prefix, topics and its consumer group. */
    public static Map<String, String> projectorProperties(String bootstrap, String redisUri, String redisPrefix,
                                                          SessionTopics topics, String groupId) {
        return projectorProperties(bootstrap, Map.of("redis.uri", redisUri), redisPrefix, topics, groupId);
    }

    /** Like the other, with Redis given as its properties ({@link StackSettings#redisProperties()}). */
    public static Map<String, String> projectorProperties(String bootstrap, Map<String, String> redis,
                                                          String redisPrefix, SessionTopics topics, String groupId) {
        return merge(redis, Map.of("kafka.bootstrap.servers", bootstrap,
                "sessionstream.projector.group-id", groupId,
                "sessionstream.projector.redis-prefix", redisPrefix,
                "sessionstream.projector.events-topic", topics.events(),
                "sessionstream.projector.dead-letter-topic", topics.deadLetter(),
                "sessionstream.projector.invalidations-topic", topics.invalidations(),
                "sessionstream.projector.activity-topic", topics.activity()));
    }

    /** The runnable jar of a service module, as {@code mvn package} builds it. */
    public static Path serviceJar(Path home, String module) {
        return home.resolve(module).resolve("target").resolve(module + "-" + VERSION + "-all.jar");
    }

    /**
     * The class-data sharing options of an instance of {@code module} ({@link ClassDataSharing}), none if the stack
     * keeps no archives. The first instance of each module writes the module's archive when it stops, if there is
     * none for this jar yet.
     */
    private List<String> classDataSharing(String module, boolean first) {
        Path archive = settings.classDataArchive(module);
        return archive == null ? List.of() : ClassDataSharing.options(archive, serviceJar(settings.home(), module), first);
    }

    /** The settings' JVM options of a Sessionstream service, then its class-data sharing options. */
    private List<String> serviceJvmOptions(String module, boolean first) {
        List<String> options = new ArrayList<>(HEAP_OPTIONS.getOrDefault(module, List.of()));
        options.addAll(settings.serviceJvmOptions());
        options.addAll(classDataSharing(module, first));
        return options;
    }

    private ServiceProcess launch(String name, String module, int port, Map<String, String> props,
                                  Map<String, String> ownOverrides, List<String> jvmOptions, Path logs) {
        ServiceProcess p = ServiceProcess.start(name, serviceJar(settings.home(), module), port,
                merge(props, settings.overrides(), ownOverrides), jvmOptions, logs);
        processes.put(name, p);
        return p;
    }

    /** Kills the named service with SIGKILL (a crash) and waits until it is gone. */
    public void kill(String name) {
        process(name).kill();
    }

    /** Stops the named service as an operator would (SIGTERM: a projector leaves its group at once). */
    public void stop(String name) {
        process(name).close();
    }

    /** Starts the named, stopped services again with the same settings and waits until all are ready. */
    public void restart(String... names) {
        for (String name : names) {
            processes.put(name, process(name).restart());
        }
        awaitReady();
    }

    /**
     * Starts the named, stopped service again and returns how long it took from the start of its process to its first
     * ready answer ({@code /health/readiness} 200), asked every 10 ms: what {@link #restart} waits for, measured.
     */
    public Duration restartTimed(String name) {
        long start = System.nanoTime();
        ServiceProcess p = process(name).restart();
        processes.put(name, p);
        while (!p.ready()) {
            if (p.exited()) {
                throw new IllegalStateException(name + " exited during startup; its log " + p.log() + " ends with:\n"
                        + p.logTail());
            }
            if (System.nanoTime() - start > READY_TIMEOUT.toNanos()) {
                throw new IllegalStateException(name + " not ready after " + READY_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * A Redis that ran an earlier clone (same key prefix, but another broker: an earlier {@code ./run} elsewhere,
     * a deleted work directory) holds a projection of another incarnation of the events topic, which the
     * projectors would refuse. The projector's {@code check} command tells (it owns the Redis layout); if so, the
     * projection is rebuilt from this broker's log before any projector starts. Costs one short JVM start, spared
     * when Redis holds no projection under the prefix at all (a new prefix: every test stack).
     */
    /**
     * False only when Redis answers that there is no {@code {p}applied}, the key every projection has (this
     * version's and every earlier one's): then there is nothing the check could find. True when it exists or Redis
     * cannot be asked (the check then says why).
     */
    private boolean projectionMayExist() {
        String applied = new RedisLayout(settings.redisPrefix()).applied();
        try {
            if (settings.redisCluster()) {
                RedisClusterClient client = RedisClusterClient.create(settings.redisUri().split(",")[0].strip());
                try (var redis = client.connect()) {
                    return redis.sync().exists(applied) > 0;
                } finally {
                    client.shutdown();
                }
            }
            RedisClient client = RedisClient.create(settings.redisUri());
            try (var redis = client.connect()) {
                return redis.sync().exists(applied) > 0;
            } finally {
                client.shutdown();
            }
        } catch (RuntimeException e) {
            return true;
        }
    }

    private void rebuildAnotherIncarnationsProjection(PrintStream out) {
        if (!projectionMayExist()) {
            return;
        }
        CommandResult check = projectorCommand("check", List.of("-XX:TieredStopAtLevel=1", "-Xmx128m"));
        if (check.exitCode() == CHECK_OURS) {
            return;
        }
        if (check.exitCode() != CHECK_FOREIGN) {
            throw new IllegalStateException("cannot check the projection in Redis (" + settings.redisUri() + ", prefix "
                    + settings.redisPrefix() + "):\n" + check.output());
        }
        Matcher found = CHECK_LINE.matcher(check.output());
        if (!found.find()) {
            throw new IllegalStateException("the projector's check printed no result line:\n" + check.output());
        }
        String current = found.group(1);
        String stored = found.group(2);
        out.println(stored.equals("none")
                ? "Redis holds a projection of " + settings.topics().events() + " written by an earlier version (without "
                        + "topic ids, or before each user had its own fence); rebuilding it from this broker's log (topic id "
                        + current + ")"
                : "Redis holds a projection of another Kafka cluster's " + settings.topics().events() + " (topic id " + stored
                        + "); rebuilding it from this broker's log (topic id " + current + ")");
        CommandResult rebuild = rebuild();
        if (rebuild.exitCode() != 0) {
            throw new IllegalStateException("rebuilding the projection failed (exit " + rebuild.exitCode() + "):\n"
                    + rebuild.output());
        }
        rebuild.output().lines().filter(l -> l.startsWith("rebuild: ")).forEach(out::println);
    }

    /**
     * Runs the projector's rebuild command ({@code java -jar session-projector...-all.jar rebuild}) with the
     * projectors' settings and waits for it; every projector must be stopped first.
     *
     * @return the exit code and everything it printed
     */
    public CommandResult rebuild() {
        return projectorCommand("rebuild", List.of("-Xmx512m"));
    }

    /** Runs a command of the projector's jar with the projectors' settings and waits for it (at most 5 min). */
    private CommandResult projectorCommand(String name, List<String> jvmOptions) {
        return projectorCommand(settings.home(), merge(projectorProps, settings.overrides()), name, jvmOptions);
    }

    /**
     * Runs the command {@code name} of the projector's jar under {@code home} with the properties {@code props} (a
     * projector's, {@link #projectorProperties}) and waits for it (at most 5 min).
     */
    public static CommandResult projectorCommand(Path home, Map<String, String> props, String name,
                                                 List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(ServiceProcess.javaBinary(), "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", serviceJar(home, "session-projector").toString(), name));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(name + " did not finish in 5 min:\n" + output);
            }
            return new CommandResult(p.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the projector's " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the projector's " + name, e);
        }
    }

    /** What a command printed, and how it exited. */
    public record CommandResult(int exitCode, String output) {
    }

    /** The named service: {@code auth-service}, {@code session-projector} (numbered {@code -1}, {@code -2} when several), {@code app-N}. */
    public ServiceProcess process(String name) {
        ServiceProcess p = processes.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no service " + name + "; there are " + processes.keySet());
        }
        return p;
    }

    /** The embedded broker, to stop, restart or partition; fails if the stack uses another Kafka. */
    public EmbeddedKafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException(cluster != null ? "this stack runs a Kafka cluster: use kafkaCluster()"
                    : "this stack uses the external Kafka at " + bootstrap);
        }
        return kafka;
    }

    /** The stack's Kafka cluster ({@link StackSettings#kafkaBrokers()} above 1), to crash and restart a broker. */
    public KafkaCluster kafkaCluster() {
        if (cluster == null) {
            throw new IllegalStateException(kafka != null ? "this stack runs one embedded broker: use kafka()"
                    : "this stack uses the external Kafka at " + bootstrap);
        }
        return cluster;
    }

    /** The names of the auth-service instances, the relay leader (the first started) first. */
    public List<String> authServices() {
        return List.copyOf(auths);
    }

    /** The names of the projector instances. */
    /** What this stack was started with (its topics, key prefix, database, ...). */
    public StackSettings settings() {
        return settings;
    }

    public List<String> projectors() {
        return List.copyOf(projectors);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        List<ServiceProcess> waiting = new ArrayList<>(processes.values());
        while (!waiting.isEmpty()) {
            for (ServiceProcess p : List.copyOf(waiting)) {
                if (p.exited()) {
                    throw new IllegalStateException(p.name() + " exited during startup; its log " + p.log()
                            + " ends with:\n" + p.logTail());
                }
                if (p.ready()) {
                    waiting.remove(p);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready after " + READY_TIMEOUT.toSeconds() + " s: "
                        + waiting.stream().map(ServiceProcess::name).collect(Collectors.joining(", ")));
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for services", e);
        }
    }

    @SafeVarargs
    private static Map<String, String> merge(Map<String, String>... maps) {
        Map<String, String> merged = new HashMap<>();
        for (Map<String, String> m : maps) {
            merged.putAll(m);
        }
        return merged;
    }

    /** The mail server the auth-service sends to: read what it sent here. */
    public EmbeddedMail mail() {
        return mail;
    }

    /** Kafka's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrap;
    }

    /** The (first) auth-service base URL. */
    public String authUrl() {
        return process(auths.get(0)).url();
    }

    /** The base URL of each auth-service instance. */
    public List<String> authUrls() {
        return auths.stream().map(n -> process(n).url()).collect(Collectors.toList());
    }

    /** The (first) session-projector base URL. */
    public String projectorUrl() {
        return process(projectors.get(0)).url();
    }

    /** The base URL of each app-demo instance. */
    public List<String> appUrls() {
        return apps.stream().map(n -> process(n).url()).collect(Collectors.toList());
    }

    /** The base URL of each instance of the {@link ClientApp} named {@code name}. */
    public List<String> clientAppUrls(String name) {
        ClientApp app = settings.clientApps().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no client app " + name));
        return app.instances().stream().map(n -> process(n).url()).collect(Collectors.toList());
    }

    /** Where each service's log is. */
    public List<Path> logs() {
        return processes.values().stream().map(ServiceProcess::log).collect(Collectors.toList());
    }

    /**
     * Stops every service (all signalled at once, then each awaited), then Kafka (the embedded broker or the cluster)
     * and the mail server.
     */
    @Override
    public void close() {
        long start = System.nanoTime();
        List<ServiceProcess> services = List.copyOf(processes.values());
        services.forEach(ServiceProcess::requestStop);
        services.forEach(ServiceProcess::awaitStop);
        long servicesStopped = System.nanoTime();
        if (kafka != null) {
            kafka.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        mail.close();
        long end = System.nanoTime();
        out.printf("Stopped in %d ms (services %d ms, Kafka and mail %d ms)%n", (end - start) / 1_000_000,
                (servicesStopped - start) / 1_000_000, (end - servicesStopped) / 1_000_000);
    }
}
