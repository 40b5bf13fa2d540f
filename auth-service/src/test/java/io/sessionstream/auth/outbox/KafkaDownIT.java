package io.sessionstream.auth.outbox;

import static io.sessionstream.auth.AuthApi.PASSWORD;
import static io.sessionstream.auth.AuthApi.credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sessionstream.auth.AuthApi;
import io.sessionstream.events.EventType;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.testkit.EmbeddedKafka;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE §4 with the broker down: state changes still commit in PostgreSQL, their events
 * wait in the outbox, and each request answers 503 after the projection wait — never a false
 * success; once the broker is back the relay publishes every waiting event, in outbox order, each once.
 * The test runs a broker of its own, so stopping it harms no other test.
 *
 * <p>The relay's producer gives up after 2 s here ({@code max.block.ms}; 10 s in application.yml), so the
 * outage (three requests of 1 s projection wait each) outlasts it: the batch in flight fails and is
 * retried by a new producer under the same {@code transactional.id} — the path that must not reorder.
 */
class KafkaDownIT {

    private final TestPostgres.Database db = TestPostgres.newDatabase();
    private final String prefix = TestRedis.uniquePrefix();
    private final RedisLayout layout = new RedisLayout(prefix);
    private EmbeddedKafka kafka;
    private SessionTopics topics;
    private EmbeddedServer service;

    @BeforeEach
    void start() throws Exception {
        kafka = EmbeddedKafka.start(Files.createTempDirectory("kafka-down"), 0);
        topics = SessionTopics.unique(kafka.bootstrapServers());
        Map<String, Object> p = new HashMap<>(TestProperties.isolated(kafka.bootstrapServers(), prefix, topics, db));
        p.put("micronaut.server.port", -1);
        p.put("sessionstream.auth.projection-wait", "1s");
        p.put("kafka.producers.outbox.max.block.ms", "2000");
        service = ApplicationContext.run(EmbeddedServer.class, p, Environment.TEST);
    }

    @AfterEach
    void stop() {
        // The context before the broker, or its clients spend ~30 s retrying a dead broker.
        if (service != null) {
            service.getApplicationContext().close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void kafkaDown_changesCommitInPostgres_answer503_andEveryEventArrivesInOutboxOrderAfterRestart() throws Exception {
        AuthApi api = new AuthApi(service.getPort());
        String email = api.register();
        AuthApi.Login first = api.login(email, PASSWORD);
        AuthApi.Login second = api.login(email, PASSWORD);
        await().atMost(Duration.ofSeconds(10)).until(() -> OutboxTable.allPublished(db));
        TransactionDescription beforeOutage = EventsTopic.relayTransactions(kafka.bootstrapServers(), topics.events());

        kafka.close();
        HttpResponse<String> login = api.post("/api/auth/login", credentials(email, PASSWORD), null);
        HttpResponse<String> logout = api.post("/api/auth/logout", "", first.token());
        HttpResponse<String> logoutEverywhere = api.post("/api/auth/logout-everywhere", "", second.token());

        assertThat(List.of(login, logout, logoutEverywhere)).allSatisfy(KafkaDownIT::assertProjectionPending);
        Map<String, String> reasons = revokedReasons(first.userId());
        assertThat(reasons).as("a third session was opened, then all three revoked, in PostgreSQL")
                .containsEntry(first.sessionId(), "logout")
                .containsEntry(second.sessionId(), "logout_everywhere");
        assertThat(reasons.values()).containsExactlyInAnyOrder("logout", "logout_everywhere", "logout_everywhere");
        List<OutboxTable.Row> waiting = OutboxTable.rows(db);
        assertThat(waiting).extracting(OutboxTable.Row::eventType).containsExactly(
                EventType.LOGGED_IN.ceType(), EventType.LOGGED_IN.ceType(), EventType.LOGGED_IN.ceType(),
                EventType.LOGGED_OUT.ceType(), EventType.ALL_SESSIONS_REVOKED.ceType());
        assertThat(waiting).extracting(OutboxTable.Row::published).containsExactly(true, true, false, false, false);
        assertThat(waiting).extracting(OutboxTable.Row::key).containsOnly(first.userId());

        long restart = System.nanoTime();
        kafka.restart();
        long brokerUpMs = millisSince(restart);
        await().atMost(Duration.ofSeconds(60)).until(() -> OutboxTable.allPublished(db));
        long relayedMs = millisSince(restart);

        TransactionDescription afterOutage = EventsTopic.relayTransactions(kafka.bootstrapServers(), topics.events());
        assertThat(afterOutage.producerId()).isEqualTo(beforeOutage.producerId());
        assertThat(afterOutage.producerEpoch()).as("the relay gave up its producer during the outage and a new one took over")
                .isGreaterThan(beforeOutage.producerEpoch());
        List<String> inOutboxOrder = OutboxTable.eventIds(waiting);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<EventsTopic.Published> onTopic = EventsTopic.readCommitted(kafka.bootstrapServers(), topics.events());
            assertThat(onTopic).extracting(EventsTopic.Published::eventId).as("committed records, by offset")
                    .containsExactlyElementsOf(inOutboxOrder);
            assertThat(onTopic).extracting(EventsTopic.Published::partition).as("one user, one partition")
                    .containsOnly(onTopic.get(0).partition());
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(reasons.keySet()).as("sessions left in the projection").noneMatch(this::projected);
            assertThat(api.get("/api/auth/me", first.token()).statusCode()).isEqualTo(401);
            assertThat(api.get("/api/auth/me", second.token()).statusCode()).isEqualTo(401);
        });
        System.out.printf("KafkaDownIT: broker back in %d ms; relay caught up %d ms after the restart began, "
                + "projection %d ms%n", brokerUpMs, relayedMs, millisSince(restart));
    }

    @Test
    void kafkaDown_repeatingARevocationThatAnswered503_answers503Again_neverAFalse204() {
        AuthApi api = new AuthApi(service.getPort());
        String email = api.register();
        AuthApi.Login me = api.login(email, PASSWORD);
        AuthApi.Login other = api.login(email, PASSWORD);
        await().atMost(Duration.ofSeconds(10)).until(() -> OutboxTable.allPublished(db));

        kafka.close();
        HttpResponse<String> first = api.delete("/api/auth/sessions/" + other.sessionId(), me.token());
        HttpResponse<String> again = api.delete("/api/auth/sessions/" + other.sessionId(), me.token());

        // The second request revokes nothing new, but the first one's revocation is not projected yet.
        assertProjectionPending(first);
        assertProjectionPending(again);

        kafka.restart();
        await().atMost(Duration.ofSeconds(60)).until(() -> OutboxTable.allPublished(db));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                api.delete("/api/auth/sessions/" + other.sessionId(), me.token()).statusCode())
                .as("once projected and broadcast, the repeat answers 204").isEqualTo(204));
    }

    private static void assertProjectionPending(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.body()).contains("projection_pending");
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
    }

    private Map<String, String> revokedReasons(String userId) throws SQLException {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("select id, revoked_reason from sessions where user_id = ?")) {
            ps.setObject(1, UUID.fromString(userId));
            Map<String, String> reasons = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reasons.put(rs.getString(1), rs.getString(2));
                }
            }
            return reasons;
        }
    }

    @SuppressWarnings("unchecked")
    private boolean projected(String sessionId) {
        StatefulRedisConnection<String, String> redis =
                service.getApplicationContext().getBean(StatefulRedisConnection.class);
        return redis.sync().exists(layout.session(sessionId)) == 1;
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }
}
