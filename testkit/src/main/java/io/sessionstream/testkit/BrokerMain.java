package io.sessionstream.testkit;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The main class of a {@link KafkaCluster} broker process, {@code BrokerMain <server.properties> <cluster id>}: formats
 * the node's log directory unless it is already (here rather than in the parent JVM: this one loads Kafka's classes
 * anyway, and the nodes format in parallel), then runs Kafka's own {@code kafka.Kafka} (which stops cleanly on
 * SIGTERM). Plus a watch on standard input, which is a pipe from the JVM that started the broker. When that JVM
 * dies, even by SIGKILL, the pipe closes and the broker stops too: an orphaned broker would keep its ports and
 * spend CPU on a two-core machine until someone found it.
 */
final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Thread watch = new Thread(BrokerMain::exitWhenParentIsGone, "parent-watch");
        watch.setDaemon(true);
        watch.start();
        EmbeddedKafka.format(Path.of(args[0]), args[1]);
        kafka.Kafka.main(new String[] {args[0]});
    }

    private static void exitWhenParentIsGone() {
        try {
            while (System.in.read() != -1) {
                // The parent never writes; anything read is ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the same as its end.
        }
        // Runs Kafka's shutdown hook: a clean stop, as on SIGTERM.
        System.exit(0);
    }
}
