package io.sessionstream.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker in KRaft mode (one combined broker + controller node), run
 * inside this JVM from the Kafka jars on Maven Central. No Docker needed.
 *
 * <p>The log directory survives {@link #close()}: {@link #restart()} (or starting again on the same
 * directory and port) brings the same topics and data back, as a restarted broker would.
 *
 * <p>{@link #startPartitionable} adds a second listener that clients reach only through a
 * {@link TcpProxy}: the broker advertises the proxy's port on it, so a client bootstrapped at
 * {@link #proxiedBootstrapServers()} sends every request through the proxy, and cutting the proxy cuts
 * that client (and only it) off the broker — a network partition.
 *
 * <p>{@link #startWithSaslPlain} adds a second listener that requires SASL/PLAIN authentication (over plain TCP,
 * {@code SASL_PLAINTEXT}) from one user whose password the broker's JAAS configuration holds, as a managed Kafka
 * service does: clients reach it at {@link #saslBootstrapServers()}. The first listener stays open (PLAINTEXT) for
 * the broker's own traffic and the test's administration.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** Fixed, so a log directory formatted once can be started again. */
    private static final String CLUSTER_ID = "c2Vzc2lvbnN0cmVhbTAx";

    private final Path logDir;
    private final Properties props;
    private final int port;
    private final TcpProxy proxy;
    private final int saslPort;
    private volatile KafkaRaftServer server;

    private EmbeddedKafka(Path logDir, Properties props, int port, TcpProxy proxy, int saslPort) {
        this.logDir = logDir;
        this.props = props;
        this.port = port;
        this.proxy = proxy;
        this.saslPort = saslPort;
    }

    /**
     * Formats {@code logDir} if needed and starts a broker listening on 127.0.0.1:{@code port}
     * (0 picks a free port); returns once the broker accepts clients.
     */
    public static EmbeddedKafka start(Path logDir, int port) {
        int brokerPort = port == 0 ? Ports.free() : port;
        EmbeddedKafka kafka = new EmbeddedKafka(logDir, brokerProperties(logDir, brokerPort, Ports.free(), null),
                brokerPort, null, 0);
        kafka.launch();
        return kafka;
    }

    /**
     * Like {@link #start}, plus a listener on a free port that admits only clients authenticated by SASL/PLAIN as
     * {@code username} with {@code password} (the broker's {@code listener.name.sasl.plain.sasl.jaas.config}); see
     * the class comment. A client there needs {@code security.protocol=SASL_PLAINTEXT}, {@code sasl.mechanism=PLAIN}
     * and {@link #plainJaasConfig}.
     */
    public static EmbeddedKafka startWithSaslPlain(Path logDir, String username, String password) {
        int brokerPort = Ports.free();
        int saslPort = Ports.free();
        Properties props = brokerProperties(logDir, brokerPort, Ports.free(), null);
        props.put("listeners", props.getProperty("listeners") + ",SASL://127.0.0.1:" + saslPort);
        props.put("advertised.listeners", props.getProperty("advertised.listeners") + ",SASL://127.0.0.1:" + saslPort);
        props.put("listener.security.protocol.map", props.getProperty("listener.security.protocol.map") + ",SASL:SASL_PLAINTEXT");
        props.put("sasl.enabled.mechanisms", "PLAIN");
        props.put("listener.name.sasl.sasl.enabled.mechanisms", "PLAIN");
        // The broker side of PLAIN: one user_<name>="<password>" option per user it admits.
        props.put("listener.name.sasl.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + username + "=" + quoted(password) + ";");
        EmbeddedKafka kafka = new EmbeddedKafka(logDir, props, brokerPort, null, saslPort);
        kafka.launch();
        return kafka;
    }

    /** The client side of SASL/PLAIN: the {@code sasl.jaas.config} value that logs in as {@code username}. */
    public static String plainJaasConfig(String username, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=" + quoted(username)
                + " password=" + quoted(password) + ";";
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * Like {@link #start}, plus a listener reached only through a {@link #proxy() proxy} that a test
     * can cut and restore: see the class comment.
     */
    public static EmbeddedKafka startPartitionable(Path logDir, int port) {
        int brokerPort = port == 0 ? Ports.free() : port;
        int proxiedListenerPort = Ports.free();
        TcpProxy proxy = TcpProxy.to("127.0.0.1", proxiedListenerPort);
        EmbeddedKafka kafka = new EmbeddedKafka(logDir,
                brokerProperties(logDir, brokerPort, Ports.free(), new int[] {proxiedListenerPort, proxy.port()}),
                brokerPort, proxy, 0);
        kafka.launch();
        return kafka;
    }

    private void launch() {
        try {
            Files.createDirectories(logDir);
            Path propsFile = logDir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(propsFile)) {
                props.store(out, "embedded Kafka broker");
            }
            format(propsFile, CLUSTER_ID);
            KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            started.startup();
            server = started;
            Topics.awaitReady(bootstrapServers());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka log directory " + logDir, e);
        }
    }

    /** Starts the stopped broker again on the same log directory and ports: a broker restart. */
    public void restart() {
        launch();
    }

    /** The {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The port the broker listens on. */
    public int port() {
        return port;
    }

    /** The {@code bootstrap.servers} value for clients that must reach the broker only through {@link #proxy()}. */
    public String proxiedBootstrapServers() {
        return "127.0.0.1:" + proxy().port();
    }

    /** The {@code bootstrap.servers} value for clients of the SASL/PLAIN listener of a {@link #startWithSaslPlain} broker. */
    public String saslBootstrapServers() {
        if (saslPort == 0) {
            throw new IllegalStateException("this broker was not started with a SASL listener");
        }
        return "127.0.0.1:" + saslPort;
    }

    /** The cuttable proxy of a {@link #startPartitionable partitionable} broker. */
    public TcpProxy proxy() {
        if (proxy == null) {
            throw new IllegalStateException("this broker was not started partitionable");
        }
        return proxy;
    }

    /** Stops the broker and waits until it has; the log directory is kept. */
    @Override
    public void close() {
        KafkaRaftServer running = server;
        if (running != null) {
            server = null;
            running.shutdown();
            running.awaitShutdown();
        }
    }

    /** {@code proxied}: {listener port, advertised proxy port}, or null for no proxied listener. */
    private static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort, int[] proxied) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String listeners = "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort;
        String advertised = "PLAINTEXT://127.0.0.1:" + brokerPort;
        String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
        if (proxied != null) {
            listeners += ",PROXIED://127.0.0.1:" + proxied[0];
            advertised += ",PROXIED://127.0.0.1:" + proxied[1];
            protocols += ",PROXIED:PLAINTEXT";
        }
        p.put("listeners", listeners);
        p.put("advertised.listeners", advertised);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", protocols);
        p.put("log.dirs", logDir.resolve("data").toString());
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "false");
        // One node: internal topics cannot have more replicas than that.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        // A new consumer group would otherwise wait 3 s for its first assignment.
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return p;
    }

    /**
     * Formats the log directories {@code propsFile} names for cluster {@code clusterId}, unless they are already: in
     * this JVM, as {@code kafka-storage.sh format --ignore-formatted} would (its {@code main} would exit the JVM).
     */
    static void format(Path propsFile, String clusterId) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {
                "format", "-t", clusterId, "-c", propsFile.toString(), "--ignore-formatted"},
                new PrintStream(captured, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting the Kafka log directory failed: "
                    + captured.toString(StandardCharsets.UTF_8));
        }
    }
}
