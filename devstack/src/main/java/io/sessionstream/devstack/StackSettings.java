package io.sessionstream.devstack;

import io.sessionstream.testkit.EmbeddedMail;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link Stack} needs to know: where the jars are, which servers to use, and
 * the names that isolate this stack from others on the same servers.
 *
 * @param home             the project root (holds {@code auth-service/target/...-all.jar} etc.)
 * @param workDir          logs and the embedded broker's data go here
 * @param kafkaBootstrap   an existing Kafka, or {@code null} to start an embedded broker
 * @param kafkaPort        port of the embedded broker (0: any free port)
 * @param kafkaBrokers     brokers to start when no Kafka is given: 1 runs one broker in this JVM, more run a
 *                         replicated {@link io.sessionstream.testkit.KafkaCluster} of that many broker processes
 * @param redisUri         Redis: one URI, or the comma-separated seed URIs of a Redis Cluster
 * @param database         PostgreSQL database of the auth-service
 * @param redisPrefix      key prefix in Redis
 * @param topics           topic names
 * @param projectorGroupId consumer group of the projector
 * @param authPort         auth-service HTTP port
 * @param projectorPort    session-projector HTTP port (health)
 * @param appPorts         one HTTP port per app-demo instance
 * @param overrides        extra properties given to every Sessionstream service and app-demo instance (each reads
 *                         only its own; not to the {@code clientApps}), e.g. short
 *                         session lifetimes for expiry tests
 * @param appOverrides     extra properties for single app-demo instances, by instance id ({@code app-1},
 *                         {@code app-2}, ...), applied after {@code overrides}; e.g. one instance with its
 *                         near cache off, for the benchmarks
 * @param appJvmOptions    extra JVM options for every app-demo instance, after the defaults (so {@code -Xmx}
 *                         here wins); e.g. a smaller heap and C1-only JIT when ten instances share two cores
 * @param serviceJvmOptions extra JVM options for every auth-service and session-projector process, after the
 *                         defaults; e.g. C1-only JIT for test stacks, whose few hundred requests never profit from C2
 * @param mailPorts        ports of the stack's own mail server (SMTP, POP3, IMAP; 0 = any free one), where the
 *                         auth-service sends its mail
 * @param clientApps       applications of one's own on session-client to run beside app-demo (none by default)
 * @param classDataDirectory where the services' class-data archives are kept and reused, one per module
 *                         ({@code <module>.jsa}, {@link ClassDataSharing}); null (the default) for none
 * @param redisCluster     whether {@code redisUri} are the seeds of a Redis Cluster (every process gets them as
 *                         {@code redis.uris}) rather than one Redis ({@code redis.uri})
 */
public record StackSettings(Path home, Path workDir, String kafkaBootstrap, int kafkaPort, int kafkaBrokers,
                            String redisUri, TestPostgres.Database database, String redisPrefix, SessionTopics topics,
                            String projectorGroupId, int authPort, int projectorPort, List<Integer> appPorts,
                            Map<String, String> overrides, Map<String, Map<String, String>> appOverrides,
                            List<String> appJvmOptions, List<String> serviceJvmOptions, EmbeddedMail.Ports mailPorts, List<ClientApp> clientApps,
                            Path classDataDirectory, boolean redisCluster) {

    public StackSettings {
        overrides = Map.copyOf(overrides);
        appOverrides = Map.copyOf(appOverrides);
        appJvmOptions = List.copyOf(appJvmOptions);
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
        appPorts = List.copyOf(appPorts);
        clientApps = List.copyOf(clientApps);
    }

    /** The class-data archive of {@code module}'s instances, or null if the stack keeps none. */
    public Path classDataArchive(String module) {
        return classDataDirectory == null ? null : classDataDirectory.resolve(module + ".jsa");
    }

    /** The Redis properties every process of the stack gets: {@code redis.uris} for a cluster, else {@code redis.uri}. */
    public Map<String, String> redisProperties() {
        return Map.of(redisCluster ? "redis.uris" : "redis.uri", redisUri);
    }

    /**
     * Settings for a stack with its jars under {@code home} and its logs under {@code workDir}. Required before
     * {@link Builder#build()}: Redis and its key prefix, the database, the topics, the projector's group and every
     * port; the rest has defaults (see {@link Builder}).
     */
    public static Builder builder(Path home, Path workDir) {
        return new Builder(home, workDir);
    }

    /**
     * Builds {@link StackSettings}. Defaults: one embedded broker on any free port, mail on free ports
     * ({@link EmbeddedMail.Ports#ANY}), no overrides, no extra JVM options, no applications of one's own.
     */
    public static final class Builder {

        private final Path home;
        private final Path workDir;
        private String kafkaBootstrap;
        private int kafkaPort;
        private int kafkaBrokers = 1;
        private String redisUri;
        private boolean redisCluster;
        private TestPostgres.Database database;
        private String redisPrefix;
        private SessionTopics topics;
        private String projectorGroupId;
        private Integer authPort;
        private Integer projectorPort;
        private List<Integer> appPorts;
        private Map<String, String> overrides = Map.of();
        private Map<String, Map<String, String>> appOverrides = Map.of();
        private List<String> appJvmOptions = List.of();
        private List<String> serviceJvmOptions = List.of();
        private EmbeddedMail.Ports mailPorts = EmbeddedMail.Ports.ANY;
        private List<ClientApp> clientApps = List.of();
        private Path classDataDirectory;

        private Builder(Path home, Path workDir) {
            this.home = Objects.requireNonNull(home, "home");
            this.workDir = Objects.requireNonNull(workDir, "workDir");
        }

        /** An existing Kafka; {@code null} or blank (an unset environment variable) starts an embedded broker. */
        public Builder kafka(String bootstrapServers) {
            this.kafkaBootstrap = bootstrapServers == null || bootstrapServers.isBlank() ? null : bootstrapServers;
            return this;
        }

        /** Port of the embedded broker, if one is started (default 0: any free port). */
        public Builder embeddedKafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        /**
         * Brokers to start when no Kafka is given (default 1: one broker in this JVM); more start a replicated
         * cluster of that many broker processes, with topics at replication factor 3 from three brokers on.
         */
        public Builder kafkaBrokers(int brokers) {
            if (brokers < 1) {
                throw new IllegalArgumentException("kafkaBrokers must be at least 1, not " + brokers);
            }
            this.kafkaBrokers = brokers;
            return this;
        }

        /** Redis, e.g. {@code redis://127.0.0.1:6379}. */
        public Builder redis(String uri) {
            this.redisUri = uri;
            this.redisCluster = false;
            return this;
        }

        /** A Redis Cluster: its seed URIs, comma-separated ({@code redis://127.0.0.1:7001,redis://127.0.0.1:7002}). */
        public Builder redisCluster(String seedUris) {
            this.redisUri = seedUris;
            this.redisCluster = true;
            return this;
        }

        /** Prefix of every key the stack writes in Redis, so stacks can share one. */
        public Builder redisPrefix(String prefix) {
            this.redisPrefix = prefix;
            return this;
        }

        /** The auth-service's PostgreSQL database. */
        public Builder database(TestPostgres.Database database) {
            this.database = database;
            return this;
        }

        /** Topic names; the stack creates the topics on its broker. */
        public Builder topics(SessionTopics topics) {
            this.topics = topics;
            return this;
        }

        /** Consumer group of the session-projector. */
        public Builder projectorGroup(String groupId) {
            this.projectorGroupId = groupId;
            return this;
        }

        /** HTTP port of the (first) auth-service. */
        public Builder authPort(int port) {
            this.authPort = port;
            return this;
        }

        /** HTTP port (health) of the (first) session-projector. */
        public Builder projectorPort(int port) {
            this.projectorPort = port;
            return this;
        }

        /** One HTTP port per app-demo instance; none runs none. */
        public Builder appPorts(List<Integer> ports) {
            this.appPorts = ports;
            return this;
        }

        /** Extra properties for every Sessionstream service and app-demo instance (default none). */
        public Builder overrides(Map<String, String> overrides) {
            this.overrides = overrides;
            return this;
        }

        /** Extra properties for single app-demo instances, by instance id, after {@link #overrides} (default none). */
        public Builder appOverrides(Map<String, Map<String, String>> appOverrides) {
            this.appOverrides = appOverrides;
            return this;
        }

        /** Extra JVM options for every app-demo instance, after the defaults (default none). */
        public Builder appJvmOptions(List<String> options) {
            this.appJvmOptions = options;
            return this;
        }

        /** Extra JVM options for every auth-service and session-projector process, after the defaults (default none). */
        public Builder serviceJvmOptions(List<String> options) {
            this.serviceJvmOptions = options;
            return this;
        }

        /** Ports of the stack's own mail server (default {@link EmbeddedMail.Ports#ANY}: free ones). */
        public Builder mailPorts(EmbeddedMail.Ports ports) {
            this.mailPorts = ports;
            return this;
        }

        /**
         * Keeps each service's class-data archive in {@code directory} ({@code app-demo.jsa}, {@code auth-service.jsa},
         * {@code session-projector.jsa}) and starts the instances from it once it exists.
         */
        public Builder classDataSharing(Path directory) {
            this.classDataDirectory = directory;
            return this;
        }

        /** Applications of one's own on session-client, run beside app-demo (default none). */
        public Builder clientApps(List<ClientApp> apps) {
            this.clientApps = apps;
            return this;
        }

        /** The settings; fails naming every required setting that was not given. */
        public StackSettings build() {
            List<String> missing = new ArrayList<>();
            Map<String, Object> required = new LinkedHashMap<>();
            required.put("redis", redisUri);
            required.put("redisPrefix", redisPrefix);
            required.put("database", database);
            required.put("topics", topics);
            required.put("projectorGroup", projectorGroupId);
            required.put("authPort", authPort);
            required.put("projectorPort", projectorPort);
            required.put("appPorts", appPorts);
            required.forEach((name, value) -> {
                if (value == null) {
                    missing.add(name);
                }
            });
            if (!missing.isEmpty()) {
                throw new IllegalStateException("StackSettings: set " + String.join(", ", missing) + " before build()");
            }
            if (kafkaBootstrap != null && kafkaBrokers > 1) {
                throw new IllegalStateException("StackSettings: kafkaBrokers " + kafkaBrokers + " starts brokers, but "
                        + "the stack is given the Kafka at " + kafkaBootstrap + "; give one or the other");
            }
            return new StackSettings(home, workDir, kafkaBootstrap, kafkaPort, kafkaBrokers, redisUri, database,
                    redisPrefix, topics, projectorGroupId, authPort, projectorPort, appPorts, overrides, appOverrides,
                    appJvmOptions, serviceJvmOptions, mailPorts, clientApps, classDataDirectory, redisCluster);
        }
    }
}
