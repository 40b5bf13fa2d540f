package io.sessionstream.devstack;

import io.sessionstream.testkit.EmbeddedKafka;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The whole system as separate processes: a Kafka broker (embedded in this JVM unless one
 * is given), auth-service, session-projector and N app-demo instances. {@link #start}
 * returns once every process reports ready; {@link #close} stops them all, Kafka last.
 */
public final class Stack implements AutoCloseable {

    /** Partitions of every topic the stack creates, {@code session.events} included. */
    public static final int PARTITIONS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final String VERSION = "0.1.0-SNAPSHOT";

    private final StackSettings settings;
    private final EmbeddedKafka kafka;
    private final String bootstrap;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private ServiceProcess auth;
    private ServiceProcess projector;
    private final List<ServiceProcess> apps = new ArrayList<>();

    private Stack(StackSettings settings, EmbeddedKafka kafka, String bootstrap) {
        this.settings = settings;
        this.kafka = kafka;
        this.bootstrap = bootstrap;
    }

    /** Starts Kafka (if needed), creates the topics, starts every service and waits until all are ready. */
    public static Stack start(StackSettings settings, PrintStream out) {
        EmbeddedKafka kafka = null;
        String bootstrap = settings.kafkaBootstrap();
        if (bootstrap == null) {
            out.println("Starting an embedded Kafka broker (KRaft) ...");
            kafka = EmbeddedKafka.start(settings.workDir().resolve("kafka"), settings.kafkaPort());
            bootstrap = kafka.bootstrapServers();
        }
        Stack stack = new Stack(settings, kafka, bootstrap);
        try {
            Topics.create(bootstrap, settings.topics().all(), PARTITIONS);
            stack.startServices(out);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startServices(PrintStream out) {
        Path logs = settings.workDir().resolve("logs");
        Map<String, String> common = Map.of("kafka.bootstrap.servers", bootstrap, "redis.uri", settings.redisUri());
        Map<String, String> client = Map.of(
                "sessionstream.client.redis-prefix", settings.redisPrefix(),
                "sessionstream.client.invalidations-topic", settings.topics().invalidations(),
                "sessionstream.client.activity-topic", settings.topics().activity());

        Map<String, String> authProps = merge(common, client, Map.of(
                "datasources.default.url", settings.database().jdbcUrl(),
                "datasources.default.username", settings.database().user(),
                "datasources.default.password", settings.database().password(),
                "sessionstream.auth.redis-prefix", settings.redisPrefix(),
                "sessionstream.auth.rate-limit.redis-prefix", settings.redisPrefix() + "rl:",
                "sessionstream.auth.events-topic", settings.topics().events(),
                "sessionstream.auth.cookie-secure", "false",
                "sessionstream.auth.dev-mailbox", "true"));
        Map<String, String> projectorProps = projectorProperties(bootstrap, settings.redisUri(), settings.redisPrefix(),
                settings.topics(), settings.projectorGroupId());

        out.println("Starting auth-service, session-projector and " + settings.appPorts().size() + " app-demo instances ...");
        projector = launch("session-projector", settings.projectorPort(), projectorProps, logs);
        auth = launch("auth-service", settings.authPort(), authProps, logs);
        for (int i = 0; i < settings.appPorts().size(); i++) {
            String id = "app-" + (i + 1);
            apps.add(launch(id, "app-demo", settings.appPorts().get(i), merge(common, client, Map.of(
                    "sessionstream.demo.auth-service-url", auth.url(),
                    "sessionstream.demo.instance-id", id)), settings.appOverrides().getOrDefault(id, Map.of()),
                    settings.appJvmOptions(), logs));
        }
        awaitReady();
    }

    /** What a session-projector process needs to know: servers, key prefix, topics and its consumer group. */
    public static Map<String, String> projectorProperties(String bootstrap, String redisUri, String redisPrefix,
                                                          SessionTopics topics, String groupId) {
        return Map.of("kafka.bootstrap.servers", bootstrap, "redis.uri", redisUri,
                "sessionstream.projector.group-id", groupId,
                "sessionstream.projector.redis-prefix", redisPrefix,
                "sessionstream.projector.events-topic", topics.events(),
                "sessionstream.projector.dead-letter-topic", topics.deadLetter(),
                "sessionstream.projector.invalidations-topic", topics.invalidations(),
                "sessionstream.projector.activity-topic", topics.activity());
    }

    /** The runnable jar of a service module, as {@code mvn package} builds it. */
    public static Path serviceJar(Path home, String module) {
        return home.resolve(module).resolve("target").resolve(module + "-" + VERSION + "-all.jar");
    }

    private ServiceProcess launch(String module, int port, Map<String, String> props, Path logs) {
        return launch(module, module, port, props, Map.of(), List.of(), logs);
    }

    private ServiceProcess launch(String name, String module, int port, Map<String, String> props,
                                  Map<String, String> ownOverrides, List<String> jvmOptions, Path logs) {
        ServiceProcess p = ServiceProcess.start(name, serviceJar(settings.home(), module), port,
                merge(props, settings.overrides(), ownOverrides), jvmOptions, logs);
        processes.add(p);
        return p;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        List<ServiceProcess> waiting = new ArrayList<>(processes);
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

    /** Kafka's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrap;
    }

    /** The auth-service base URL. */
    public String authUrl() {
        return auth.url();
    }

    /** The session-projector base URL. */
    public String projectorUrl() {
        return projector.url();
    }

    /** The base URL of each app-demo instance. */
    public List<String> appUrls() {
        return apps.stream().map(ServiceProcess::url).collect(Collectors.toList());
    }

    /** Where each service's log is. */
    public List<Path> logs() {
        return processes.stream().map(ServiceProcess::log).collect(Collectors.toList());
    }

    /** Stops every service (in parallel), then the embedded broker. */
    @Override
    public void close() {
        processes.parallelStream().forEach(ServiceProcess::close);
        if (kafka != null) {
            kafka.close();
        }
    }
}
