package io.sessionstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The nodes' settings, without starting any: replicated as production runs Kafka from three nodes on. */
class KafkaClusterTest {

    private static final String VOTERS = "1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103";

    @Test
    void threeNodes_replicateEverythingThreeTimes_andWriteToTwo() {
        Properties p = KafkaCluster.brokerProperties(2, 3, Path.of("/data/node-2"), 9002, 9102, VOTERS);

        assertThat(p).containsEntry("node.id", "2")
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", VOTERS)
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9002,CONTROLLER://127.0.0.1:9102")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9002")
                .containsEntry("log.dirs", Path.of("/data/node-2/data").toString())
                .containsEntry("default.replication.factor", "3")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("auto.create.topics.enable", "false");
    }

    @Test
    void fewerNodes_oneReplicaEach_andWritesNeedOne() {
        Properties p = KafkaCluster.brokerProperties(1, 2, Path.of("/data/node-1"), 9001, 9101, "1@127.0.0.1:9101,2@127.0.0.1:9102");

        assertThat(p).containsEntry("default.replication.factor", "2")
                .containsEntry("min.insync.replicas", "1")
                .containsEntry("transaction.state.log.min.isr", "1");
    }

    @Test
    void start_withoutNodes_saysSo() {
        assertThatThrownBy(() -> KafkaCluster.start(Path.of("/nowhere"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a Kafka cluster needs at least one node, not 0");
    }
}
