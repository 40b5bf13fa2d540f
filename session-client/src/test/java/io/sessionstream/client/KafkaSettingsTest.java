package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.MapPropertySource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** How the session client's Kafka clients are configured: the layers, what always wins, what is never logged. */
class KafkaSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"app\" password=\"s3cret-pa55\";";

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @AfterEach
    void detachLog() {
        ((Logger) LoggerFactory.getLogger(KafkaSettings.class)).detachAppender(log);
    }

    @Test
    void micronautKafkasSettings_reachBothClients_butNotItsOwnSubtreesAndSwitches() {
        KafkaSettings settings = new KafkaSettings(Map.of(
                "bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", JAAS,
                "producers.outbox.acks", "all",
                "consumers.default.max.poll.records", "7",
                "health.enabled", "false",
                "enabled", "true"), null, Map.of());

        for (Map<String, Object> client : List.of(settings.consumer("invalidations", "c"), settings.producer("activity", "p"))) {
            assertThat(client).containsEntry("bootstrap.servers", "broker:9093")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "PLAIN")
                    .containsEntry("sasl.jaas.config", JAAS);
            assertThat(client.keySet()).noneMatch(k -> k.startsWith("producers") || k.startsWith("consumers")
                    || k.startsWith("health") || k.equals("enabled"));
        }
    }

    @Test
    void libraryOnlySettings_winOverMicronautKafkas_andTheOlderBootstrapNameSitsBetween() {
        Map<String, String> kafka = Map.of("bootstrap.servers", "app-wide:9092", "client.id", "orders");

        assertThat(new KafkaSettings(kafka, "legacy:9092", Map.of()).bootstrapServers()).isEqualTo("legacy:9092");
        KafkaSettings settings = new KafkaSettings(kafka, "legacy:9092", Map.of("bootstrap.servers", "library:9092",
                "security.protocol", "SASL_PLAINTEXT"));
        assertThat(settings.bootstrapServers()).isEqualTo("library:9092");
        assertThat(settings.consumer("invalidations", "c")).containsEntry("security.protocol", "SASL_PLAINTEXT");
    }

    @Test
    void nothingConfigured_isLocalhost() {
        assertThat(new KafkaSettings(Map.of(), null, Map.of()).consumer("invalidations", "c"))
                .containsEntry("bootstrap.servers", "localhost:9092");
    }

    @Test
    void whatTheGuaranteesRestOn_winsOverAnyConfiguredValue() {
        Map<String, String> everywhere = new HashMap<>();
        everywhere.put("group.id", "orders");
        everywhere.put("group.instance.id", "orders-1");
        everywhere.put("enable.auto.commit", "true");
        everywhere.put("auto.offset.reset", "earliest");
        everywhere.put("isolation.level", "read_committed");
        everywhere.put("fetch.min.bytes", "65536");
        everywhere.put("allow.auto.create.topics", "true");
        everywhere.put("key.deserializer", "com.example.Other");
        everywhere.put("acks", "all");
        everywhere.put("linger.ms", "100");
        everywhere.put("enable.idempotence", "true");
        everywhere.put("transactional.id", "orders-tx");
        KafkaSettings settings = new KafkaSettings(everywhere, null, everywhere);

        assertThat(settings.consumer("invalidations", "c"))
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("auto.offset.reset", "latest")
                .containsEntry("isolation.level", "read_uncommitted")
                .containsEntry("fetch.min.bytes", "1")
                .containsEntry("allow.auto.create.topics", "false")
                .doesNotContainKeys("group.id", "group.instance.id", "key.deserializer");
        assertThat(settings.producer("activity", "p"))
                .containsEntry("acks", "1")
                .containsEntry("linger.ms", "5")
                .containsEntry("enable.idempotence", "false")
                .doesNotContainKey("transactional.id");
    }

    @Test
    void fixedSettingSetForTheLibraryAlone_isIgnoredWithAWarningThatNamesIt() {
        log.start();
        ((Logger) LoggerFactory.getLogger(KafkaSettings.class)).addAppender(log);
        KafkaSettings settings = new KafkaSettings(Map.of("acks", "all"), null, Map.of("acks", "all", "linger.ms", "5",
                "group.id", "mine"));

        settings.producer("activity", "p");
        settings.consumer("invalidations", "c");

        assertThat(log.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN);
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "sessionstream.client.kafka.acks is ignored for the session client's producer: it is fixed at 1",
                "sessionstream.client.kafka.group.id is ignored for the session client's consumer: the library sets it itself");
    }

    @Test
    void propertyOfOneClientOnly_isNotHandedToTheOther_butAnUnknownOneReachesBoth() {
        KafkaSettings settings = new KafkaSettings(Map.of("max.poll.records", "10", "batch.size", "1024",
                "config.providers", "env"), null, Map.of());

        assertThat(settings.consumer("invalidations", "c")).containsKey("max.poll.records").doesNotContainKey("batch.size")
                .containsEntry("config.providers", "env");
        assertThat(settings.producer("activity", "p")).containsKey("batch.size").doesNotContainKey("max.poll.records")
                .containsEntry("config.providers", "env");
    }

    @Test
    void configuredClientId_getsEachClientsRoleAppended_elseTheFallback() {
        assertThat(new KafkaSettings(Map.of("client.id", "orders"), null, Map.of()).consumer("invalidations", "invalidations-1f"))
                .containsEntry("client.id", "orders-invalidations");
        assertThat(new KafkaSettings(Map.of(), null, Map.of()).producer("activity", "activity-1f"))
                .containsEntry("client.id", "activity-1f");
    }

    @Test
    void producerTimeouts_areDefaultsThatCanBeSet_andTheDeliveryTimeoutMakesRoomForALongerRequestTimeout() {
        assertThat(new KafkaSettings(Map.of(), null, Map.of()).producer("activity", "p"))
                .containsEntry("max.block.ms", "2000").containsEntry("request.timeout.ms", "5000")
                .containsEntry("delivery.timeout.ms", "10000");
        assertThat(new KafkaSettings(Map.of("request.timeout.ms", "30000"), null, Map.of()).producer("activity", "p"))
                .containsEntry("delivery.timeout.ms", "30005");
        assertThat(new KafkaSettings(Map.of("delivery.timeout.ms", "60000", "max.block.ms", "100"), null, Map.of())
                .producer("activity", "p"))
                .containsEntry("delivery.timeout.ms", "60000").containsEntry("max.block.ms", "100");
    }

    @Test
    void describe_namesServersProtocolAndMechanism_neverACredential() {
        KafkaSettings settings = new KafkaSettings(Map.of("bootstrap.servers", "broker:9093", "security.protocol",
                "SASL_SSL", "sasl.mechanism", "PLAIN", "sasl.jaas.config", JAAS, "ssl.truststore.password", "s3cret-pa55"),
                null, Map.of());

        assertThat(settings.describe()).isEqualTo("broker:9093 (security.protocol=SASL_SSL, sasl.mechanism=PLAIN)")
                .doesNotContain("s3cret");
        assertThat(new KafkaSettings(Map.of(), null, Map.of()).describe())
                .isEqualTo("localhost:9092 (security.protocol=PLAINTEXT)");
    }

    @Test
    void fromTheEnvironment_yamlValuesAndEnvironmentVariablesArriveInKafkasSpelling() {
        Map<String, Object> variables = Map.of(
                "SESSIONSTREAM_CLIENT_KAFKA_SASL_JAAS_CONFIG", JAAS,
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        try (ApplicationContext context = ApplicationContext.builder()
                .propertySources(new MapPropertySource("environment-variables", variables) {
                    @Override
                    public PropertyConvention getConvention() {
                        return PropertyConvention.ENVIRONMENT_VARIABLE;
                    }
                })
                .properties(Map.of("kafka.bootstrap.servers", List.of("a:9092", "b:9092"), "kafka.linger.ms", 50,
                        "sessionstream.client.kafka.max.poll.records", 25,
                        SessionClientConfiguration.INVALIDATION_LISTENER_ENABLED, "false"))
                .start()) {
            Map<String, Object> consumer = context.getBean(KafkaSettings.class).consumer("invalidations", "c");

            assertThat(consumer).containsEntry("bootstrap.servers", "a:9092,b:9092")
                    .containsEntry("security.protocol", "SASL_PLAINTEXT")
                    .containsEntry("sasl.jaas.config", JAAS)
                    .containsEntry("max.poll.records", "25");
            assertThat(consumer.keySet()).noneMatch(k -> k.contains("-") || k.contains("["));
        }
    }
}
