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
 * <p>The log directory survives {@link #close()}: starting again on the same directory and
 * port brings the same topics and data back, as a restarted broker would.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** Fixed, so a log directory formatted once can be started again. */
    private static final String CLUSTER_ID = "c2Vzc2lvbnN0cmVhbTAx";

    private final KafkaRaftServer server;
    private final int port;

    private EmbeddedKafka(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Formats {@code logDir} if needed and starts a broker listening on 127.0.0.1:{@code port}
     * (0 picks a free port); returns once the broker accepts clients.
     */
    public static EmbeddedKafka start(Path logDir, int port) {
        int brokerPort = port == 0 ? Ports.free() : port;
        int controllerPort = Ports.free();
        try {
            Files.createDirectories(logDir);
            Properties props = brokerProperties(logDir, brokerPort, controllerPort);
            Path propsFile = logDir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(propsFile)) {
                props.store(out, "embedded Kafka broker");
            }
            format(propsFile);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            EmbeddedKafka kafka = new EmbeddedKafka(server, brokerPort);
            Topics.awaitReady(kafka.bootstrapServers());
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka log directory " + logDir, e);
        }
    }

    /** The {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The port the broker listens on. */
    public int port() {
        return port;
    }

    /** Stops the broker and waits until it has; the log directory is kept. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
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

    private static void format(Path propsFile) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {
                "format", "-t", CLUSTER_ID, "-c", propsFile.toString(), "--ignore-formatted"},
                new PrintStream(captured, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting the Kafka log directory failed: "
                    + captured.toString(StandardCharsets.UTF_8));
        }
    }
}
