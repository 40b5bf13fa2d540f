package io.sessionstream.devstack;

import io.sessionstream.testkit.EmbeddedMail;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link Stack} needs to know: where the jars are, which servers to use, and
 * the names that isolate this stack from others on the same servers.
 *
 * @param home             the project root (holds {@code auth-service/target/...-all.jar} etc.)
 * @param workDir          logs and the embedded broker's data go here
 * @param kafkaBootstrap   an existing Kafka, or {@code null} to start an embedded broker
 * @param kafkaPort        port of the embedded broker (0: any free port)
 * @param redisUri         Redis
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
 * @param mailPorts        ports of the stack's own mail server (SMTP, POP3, IMAP; 0 = any free one), where the
 *                         auth-service sends its mail
 * @param clientApps       applications of one's own on session-client to run beside app-demo (none by default)
 */
public record StackSettings(Path home, Path workDir, String kafkaBootstrap, int kafkaPort, String redisUri,
                            TestPostgres.Database database, String redisPrefix, SessionTopics topics,
                            String projectorGroupId, int authPort, int projectorPort, List<Integer> appPorts,
                            Map<String, String> overrides, Map<String, Map<String, String>> appOverrides,
                            List<String> appJvmOptions, EmbeddedMail.Ports mailPorts, List<ClientApp> clientApps) {

    public StackSettings {
        overrides = Map.copyOf(overrides);
        appOverrides = Map.copyOf(appOverrides);
        appJvmOptions = List.copyOf(appJvmOptions);
        clientApps = List.copyOf(clientApps);
    }

    /** Settings without applications of one's own. */
    public StackSettings(Path home, Path workDir, String kafkaBootstrap, int kafkaPort, String redisUri,
                         TestPostgres.Database database, String redisPrefix, SessionTopics topics,
                         String projectorGroupId, int authPort, int projectorPort, List<Integer> appPorts,
                         Map<String, String> overrides, Map<String, Map<String, String>> appOverrides,
                         List<String> appJvmOptions, EmbeddedMail.Ports mailPorts) {
        this(home, workDir, kafkaBootstrap, kafkaPort, redisUri, database, redisPrefix, topics, projectorGroupId,
                authPort, projectorPort, appPorts, overrides, appOverrides, appJvmOptions, mailPorts, List.of());
    }

    /** These settings, with {@code apps} run beside app-demo too. */
    public StackSettings withClientApps(List<ClientApp> apps) {
        return new StackSettings(home, workDir, kafkaBootstrap, kafkaPort, redisUri, database, redisPrefix, topics,
                projectorGroupId, authPort, projectorPort, appPorts, overrides, appOverrides, appJvmOptions, mailPorts,
                apps);
    }

    /** Settings with a mail server on free ports. */
    public StackSettings(Path home, Path workDir, String kafkaBootstrap, int kafkaPort, String redisUri,
                         TestPostgres.Database database, String redisPrefix, SessionTopics topics,
                         String projectorGroupId, int authPort, int projectorPort, List<Integer> appPorts,
                         Map<String, String> overrides, Map<String, Map<String, String>> appOverrides,
                         List<String> appJvmOptions) {
        this(home, workDir, kafkaBootstrap, kafkaPort, redisUri, database, redisPrefix, topics, projectorGroupId,
                authPort, projectorPort, appPorts, overrides, appOverrides, appJvmOptions, EmbeddedMail.Ports.ANY);
    }

    /** Settings with the default JVM options for every service. */
    public StackSettings(Path home, Path workDir, String kafkaBootstrap, int kafkaPort, String redisUri,
                         TestPostgres.Database database, String redisPrefix, SessionTopics topics,
                         String projectorGroupId, int authPort, int projectorPort, List<Integer> appPorts,
                         Map<String, String> overrides, Map<String, Map<String, String>> appOverrides) {
        this(home, workDir, kafkaBootstrap, kafkaPort, redisUri, database, redisPrefix, topics, projectorGroupId,
                authPort, projectorPort, appPorts, overrides, appOverrides, List.of());
    }

    /** Settings with the same overrides for every service. */
    public StackSettings(Path home, Path workDir, String kafkaBootstrap, int kafkaPort, String redisUri,
                         TestPostgres.Database database, String redisPrefix, SessionTopics topics,
                         String projectorGroupId, int authPort, int projectorPort, List<Integer> appPorts,
                         Map<String, String> overrides) {
        this(home, workDir, kafkaBootstrap, kafkaPort, redisUri, database, redisPrefix, topics, projectorGroupId,
                authPort, projectorPort, appPorts, overrides, Map.of());
    }

    /** Settings without overrides. */
    public StackSettings(Path home, Path workDir, String kafkaBootstrap, int kafkaPort, String redisUri,
                         TestPostgres.Database database, String redisPrefix, SessionTopics topics,
                         String projectorGroupId, int authPort, int projectorPort, List<Integer> appPorts) {
        this(home, workDir, kafkaBootstrap, kafkaPort, redisUri, database, redisPrefix, topics, projectorGroupId,
                authPort, projectorPort, appPorts, Map.of());
    }
}
