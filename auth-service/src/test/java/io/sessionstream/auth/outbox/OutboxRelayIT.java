package io.sessionstream.auth.outbox;

import static io.sessionstream.auth.AuthApi.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sessionstream.auth.AuthApi;
import io.sessionstream.events.EventType;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestKafka;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two auth-service instances on one database and one events topic — so one relay lock and one
 * {@code transactional.id}. Exactly one relays; when its instance shuts down, the other takes the
 * lock within the bound, fences the old producer (same producer id, higher epoch) and publishes
 * what is written afterwards; the topic holds every outbox event exactly once, in outbox order.
 */
class OutboxRelayIT {

    private final TestPostgres.Database db = TestPostgres.newDatabase();
    private final SessionTopics topics = SessionTopics.unique();
    private final List<EmbeddedServer> instances = new ArrayList<>();

    @AfterEach
    void stop() {
        for (EmbeddedServer instance : instances) {
            if (instance.getApplicationContext().isRunning()) {
                instance.getApplicationContext().close();
            }
        }
    }

    @Test
    void leaderShutsDown_followerTakesOverWithinTheBound_fencesIt_andPublishesLaterRowsExactlyOnce() throws Exception {
        Map<String, Object> properties = properties();
        EmbeddedServer one = start(properties);
        EmbeddedServer two = start(properties);
        OutboxRelay relayOne = relay(one);
        OutboxRelay relayTwo = relay(two);

        await().atMost(Duration.ofSeconds(10)).until(() -> relayOne.isLeader() || relayTwo.isLeader());
        // Longer than two poll intervals (1 s): the follower has retried the lock, and failed, at least twice.
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(3))
                .until(() -> relayOne.isLeader() != relayTwo.isLeader());
        EmbeddedServer leader = relayOne.isLeader() ? one : two;
        EmbeddedServer follower = leader == one ? two : one;
        OutboxRelay oldRelay = relay(leader);
        OutboxRelay newRelay = relay(follower);

        AuthApi api = new AuthApi(follower.getPort());
        String email = api.register();
        AuthApi.Login before = api.login(email, PASSWORD);
        assertThat(api.post("/api/auth/logout", "", before.token()).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> OutboxTable.allPublished(db));
        TransactionDescription oldLeader = describeRelayTransactions();

        long shutdown = System.nanoTime();
        leader.getApplicationContext().close();
        long closedMs = millisSince(shutdown);
        await().atMost(Duration.ofSeconds(10)).until(newRelay::isLeader);
        long takeoverMs = millisSince(shutdown);
        System.out.printf("OutboxRelayIT: relay takeover %d ms after the leader's shutdown began "
                + "(its context closed in %d ms)%n", takeoverMs, closedMs);

        assertThat(oldRelay.isLeader()).as("the closed instance's relay").isFalse();
        api.login(email, PASSWORD);
        await().atMost(Duration.ofSeconds(10)).until(() -> OutboxTable.allPublished(db));
        List<OutboxTable.Row> rows = OutboxTable.rows(db);
        assertThat(rows).extracting(OutboxTable.Row::eventType).containsExactly(
                EventType.LOGGED_IN.ceType(), EventType.LOGGED_OUT.ceType(), EventType.LOGGED_IN.ceType());
        TransactionDescription newLeader = describeRelayTransactions();
        assertThat(newLeader.producerId()).as("one transactional.id for both relays").isEqualTo(oldLeader.producerId());
        assertThat(newLeader.producerEpoch()).as("the new leader's initTransactions bumped the epoch")
                .isGreaterThan(oldLeader.producerEpoch());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                EventsTopic.readCommitted(TestKafka.bootstrapServers(), topics.events()))
                .extracting(EventsTopic.Published::eventId).as("committed records, by offset: each once, in outbox order")
                .containsExactlyElementsOf(OutboxTable.eventIds(rows)));
    }

    private Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>(TestProperties.isolated(TestRedis.uniquePrefix(), topics, db));
        p.put("micronaut.server.port", -1);
        return p;
    }

    private EmbeddedServer start(Map<String, Object> properties) {
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties, Environment.TEST);
        instances.add(server);
        return server;
    }

    private static OutboxRelay relay(EmbeddedServer instance) {
        return instance.getApplicationContext().getBean(OutboxRelay.class);
    }

    private TransactionDescription describeRelayTransactions() throws Exception {
        return EventsTopic.relayTransactions(TestKafka.bootstrapServers(), topics.events());
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }
}
