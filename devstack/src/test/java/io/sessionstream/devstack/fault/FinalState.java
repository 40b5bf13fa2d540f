package io.sessionstream.devstack.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sessionstream.devstack.ApiClient;
import io.sessionstream.devstack.StackSettings;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.store.RedisLayout.Family;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The state a fault must leave behind, checked against the durable record (PostgreSQL: the outbox
 * and the {@code sessions} table) and the clients' {@link Model}:
 *
 * <ol>
 *   <li>no event lost: every outbox row is published, is on {@code session.events}, in outbox order per
 *       user, and the projector group has committed past every record (so each was applied);</li>
 *   <li>Redis holds exactly the live sessions: none that PostgreSQL says is revoked, none missing;</li>
 *   <li>no app instance accepts a revoked session.</li>
 * </ol>
 */
final class FinalState {

    private static final Duration CATCH_UP = Duration.ofSeconds(90);

    private final StackSettings settings;
    private final String bootstrap;
    private final List<String> appUrls;
    private final ApiClient api = new ApiClient();

    FinalState(StackSettings settings, String bootstrap, List<String> appUrls) {
        this.settings = settings;
        this.bootstrap = bootstrap;
        this.appUrls = appUrls;
    }

    /** Runs every check; {@code bound} is how long after catching up an instance may still be stale. */
    void verify(Model model, Duration bound) throws Exception {
        noEventLost();
        redisHoldsExactlyTheLiveSessions();
        noInstanceAcceptsARevokedSession(model, bound);
    }

    void noEventLost() throws Exception {
        await("every outbox row published").atMost(CATCH_UP).pollInterval(Duration.ofMillis(250))
                .until(() -> count("select count(*) from outbox where published_at is null") == 0);
        Map<String, String> outbox = new LinkedHashMap<>();
        try (Connection c = settings.database().connect(); ResultSet rs = c.createStatement()
                .executeQuery("select event_id, kafka_key from outbox order by id")) {
            while (rs.next()) {
                outbox.put(rs.getString(1), rs.getString(2));
            }
        }
        List<ConsumerRecord<String, byte[]>> records = readAll(settings.topics().events());
        Map<String, Long> firstSeen = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            Header id = records.get(i).headers().lastHeader("ce_id");
            if (id != null) {
                firstSeen.putIfAbsent(new String(id.value(), StandardCharsets.UTF_8), (long) i);
            }
        }
        assertThat(firstSeen.keySet()).as("every outbox event is on the topic").containsAll(outbox.keySet());
        // Per user, the first copy of each event comes in outbox order (records are read partition by partition).
        Map<String, Long> lastOfUser = new HashMap<>();
        outbox.forEach((eventId, user) -> {
            long at = firstSeen.get(eventId);
            Long before = lastOfUser.put(user, at);
            assertThat(before == null || before < at).as("event %s of user %s in outbox order", eventId, user).isTrue();
        });
        awaitProjectorCommittedPast(records);
    }

    /** The projector commits a batch only once all of it is applied and broadcast. */
    private void awaitProjectorCommittedPast(List<ConsumerRecord<String, byte[]>> records) {
        Map<TopicPartition, Long> last = new HashMap<>();
        records.forEach(r -> last.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::max));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await("the projector group committed past every record").atMost(CATCH_UP).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                                settings.projectorGroupId()).partitionsToOffsetAndMetadata().get();
                        return last.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                                && committed.get(e.getKey()).offset() > e.getValue());
                    });
        }
    }

    void redisHoldsExactlyTheLiveSessions() throws Exception {
        Set<String> live = sessionIds("select id from sessions where revoked_at is null"
                + " and absolute_expires_at > now() and idle_expires_at > now()");
        RedisLayout layout = new RedisLayout(settings.redisPrefix());
        withRedis(redis -> await("Redis holds exactly the live sessions").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> inRedis = new HashSet<>();
            ScanIterator.scan(redis, ScanArgs.Builder.matches(layout.scanPattern(Family.SESSION)).limit(1000))
                    .forEachRemaining(k -> inRedis.add(layout.idOf(Family.SESSION, k)));
            assertThat(inRedis).as("sessions in Redis vs. live sessions in PostgreSQL")
                    .containsExactlyInAnyOrderElementsOf(live);
        }));
    }

    /** Runs {@code action} on the stack's Redis: a single one, or every master of its cluster (a cluster-wide SCAN). */
    private void withRedis(java.util.function.Consumer<io.lettuce.core.api.sync.RedisKeyCommands<String, String>> action) {
        if (settings.redisCluster()) {
            io.lettuce.core.cluster.RedisClusterClient client =
                    io.lettuce.core.cluster.RedisClusterClient.create(settings.redisUri().split(",")[0]);
            try (var redis = client.connect()) {
                action.accept(redis.sync());
            } finally {
                client.shutdown();
            }
            return;
        }
        RedisClient client = RedisClient.create(settings.redisUri());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            action.accept(redis.sync());
        } finally {
            client.shutdown();
        }
    }

    void noInstanceAcceptsARevokedSession(Model model, Duration bound) throws Exception {
        Set<String> revoked = sessionIds("select id from sessions where revoked_at is not null");
        List<Model.Session> known = model.sessions().stream().filter(s -> revoked.contains(s.id))
                .collect(Collectors.toList());
        for (String app : appUrls) {
            for (Model.Session s : known) {
                // Almost all are rejected at the first request: ask once, and wait only for those that are not
                // (an Awaitility wait costs at least its poll delay, times every revoked session of the suite).
                if (api.me(app, s.token).status() != 401) {
                    await("revoked session " + s.id + " rejected by " + app).atMost(bound)
                            .pollInterval(Duration.ofMillis(50)).until(() -> api.me(app, s.token).status() == 401);
                }
            }
        }
    }

    /** Every session id PostgreSQL holds. */
    Set<String> durableSessions() throws Exception {
        return sessionIds("select id from sessions");
    }

    private Set<String> sessionIds(String sql) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = settings.database().connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private long count(String sql) throws Exception {
        try (Connection c = settings.database().connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every committed record of the topic up to its current end, partition by partition. */
    List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions(consumer, topic));
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end in 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> byPartition
                        .computeIfAbsent(new TopicPartition(r.topic(), r.partition()), p -> new ArrayList<>()).add(r));
            }
            List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
            ends.keySet().stream().sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                    .forEach(p -> all.addAll(byPartition.getOrDefault(p, List.of()).stream()
                            .filter(r -> r.offset() < ends.get(p)).toList()));
            return all;
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
    }
}
