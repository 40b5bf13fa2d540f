package io.sessionstream.projector;

import static io.sessionstream.projector.ProjectorFixtures.loggedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.client.SessionToken;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestKafka;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What an operator sees: meters that move with what the projector does, and health naming its dependencies. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectorOperationsIT implements TestPropertyProvider {

    private final SessionTopics topics = SessionTopics.unique();
    private final EventCodec codec = new EventCodec();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
            ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());

    @Inject
    MeterRegistry meters;
    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = TestProperties.isolated(TestRedis.uniquePrefix(), topics);
        p.put("micronaut.server.port", "-1");
        // An operator who wants the health details turns them on (they are off by default).
        p.put("endpoints.health.details-visible", "ANONYMOUS");
        return p;
    }

    @AfterAll
    void close() {
        producer.close();
    }

    @Test
    void projectedEventsAndDeadLetters_areCounted_andScrapableAsPrometheusText() throws Exception {
        String user = UUID.randomUUID().toString();
        producer.send(codec.toRecord(topics.events(), codec.encode(new Envelope<>(
                EventMetadata.now("test", null, Clock.systemUTC()), loggedIn(user, SessionToken.generate(), Instant.now()))))).get();
        producer.send(new ProducerRecord<>(topics.events(), user, "not a cloud event".getBytes(StandardCharsets.UTF_8))).get();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(meters.get("sessionstream.projector.events").counter().count()).isGreaterThanOrEqualTo(1);
            assertThat(meters.get("sessionstream.projector.dead.letters").counter().count()).isGreaterThanOrEqualTo(1);
        });
        assertThat(meters.get("sessionstream.projector.apply").timer().count()).isPositive();
        assertThat(meters.get("sessionstream.projector.lag").timer().count()).isGreaterThanOrEqualTo(2);

        HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getPort() + "/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("sessionstream_projector_events_total", "sessionstream_projector_dead_letters_total",
                "sessionstream_projector_apply_seconds_count", "sessionstream_projector_lag_seconds_count",
                "sessionstream_projector_fenced_total", "sessionstream_projector_foreign 0.0");
    }

    @Test
    void health_reportsRedisKafkaAndTheProjectionsIncarnation() {
        // Readiness is DOWN until the context's invalidation consumer has caught up (its near-cache trust): seen
        // answering 503 when this test ran within 20 ms of the context's start.
        HttpResponse<String> health = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.getPort() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 200);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"redis", "\"kafka", "\"sessionProjection");
    }
}
