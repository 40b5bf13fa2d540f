package io.sessionstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionstream.testkit.EmbeddedMail;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builder that replaced the telescoping constructors: defaults, and a clear failure when a setting is missing. */
class StackSettingsTest {

    private static final Path HOME = Path.of("/home");
    private static final Path WORK = Path.of("/work");

    @Test
    void builder_withOnlyTheRequiredSettings_givesTheDocumentedDefaults() {
        StackSettings s = required().build();

        assertThat(s.kafkaBootstrap()).as("embedded broker").isNull();
        assertThat(s.kafkaPort()).isZero();
        assertThat(s.kafkaBrokers()).as("one broker, in this JVM").isEqualTo(1);
        assertThat(s.mailPorts()).isEqualTo(EmbeddedMail.Ports.ANY);
        assertThat(s.overrides()).isEmpty();
        assertThat(s.appOverrides()).isEmpty();
        assertThat(s.appJvmOptions()).isEmpty();
        assertThat(s.serviceJvmOptions()).as("the JVM's defaults for auth-service and projector").isEmpty();
        assertThat(s.classDataDirectory()).as("no class-data sharing unless asked").isNull();
        assertThat(s.classDataArchive("app-demo")).isNull();
        assertThat(s.clientApps()).isEmpty();
        assertThat(s.appPorts()).containsExactly(9001, 9002);
    }

    @Test
    void kafka_blank_startsAnEmbeddedBroker() {
        assertThat(required().kafka(" ").build().kafkaBootstrap()).isNull();
        assertThat(required().kafka("k:9092").build().kafkaBootstrap()).isEqualTo("k:9092");
    }

    @Test
    void kafkaBrokers_aboveOne_startsACluster_butNotBesideAGivenKafka() {
        assertThat(required().kafkaBrokers(3).build().kafkaBrokers()).isEqualTo(3);
        assertThatThrownBy(() -> required().kafkaBrokers(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kafkaBrokers must be at least 1, not 0");
        assertThatThrownBy(() -> required().kafka("k:9092").kafkaBrokers(3).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("StackSettings: kafkaBrokers 3 starts brokers, but the stack is given the Kafka at k:9092; "
                        + "give one or the other");
        assertThat(required().kafka("k:9092").kafkaBrokers(1).build().kafkaBrokers()).isEqualTo(1);
    }

    @Test
    void build_withoutRequiredSettings_namesEveryMissingOne() {
        assertThatThrownBy(() -> StackSettings.builder(HOME, WORK).redis("redis://x").authPort(1).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("redisPrefix, database, topics, projectorGroup, projectorPort, appPorts")
                .message().doesNotContain("redis,").doesNotContain("authPort");
    }

    private static StackSettings.Builder required() {
        return StackSettings.builder(HOME, WORK)
                .redis("redis://localhost:6379").redisPrefix("p:")
                .database(new TestPostgres.Database("jdbc:postgresql://localhost/x", "u", "p"))
                .topics(new SessionTopics("e", "e.dlt", "i", "a"))
                .projectorGroup("g")
                .authPort(9000).projectorPort(9003).appPorts(List.of(9001, 9002));
    }
}
