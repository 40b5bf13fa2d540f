package io.sessionstream.testkit;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Micronaut properties that point every Sessionstream component of a test context at the
 * test servers, under names no other test uses. Properties of components that are not in
 * the context are ignored.
 */
public final class TestProperties {

    /**
     * Registration and reset-request limits per client address high enough for tests and test stacks, whose
     * clients all come from one address; the tests of those limits set them low themselves.
     */
    public static final Map<String, String> MANY_FROM_ONE_ADDRESS = Map.of(
            "sessionstream.auth.rate-limit.signups-per-address", "100000",
            "sessionstream.auth.rate-limit.resets-per-address", "100000");

    /**
     * A real Argon2id hash at a test's cost (1 MiB, one pass) instead of the production 19 MiB and two: the tests
     * hash thousands of passwords on two cores, and what they prove (who may sign in, what is refused) does not
     * depend on the cost. The production cost is measured by the benchmarks and used by the tests that are about
     * it ({@link #withProductionHashing}).
     */
    public static final Map<String, String> TEST_HASHING = Map.of(
            "sessionstream.auth.argon2-memory-kib", "1024",
            "sessionstream.auth.argon2-iterations", "1");

    /** For a test about the hash's cost itself: removes {@link #TEST_HASHING} from {@code properties}. */
    public static Map<String, String> withProductionHashing(Map<String, String> properties) {
        properties.keySet().removeAll(TEST_HASHING.keySet());
        return properties;
    }

    private TestProperties() {
    }

    /**
     * Kafka and Redis of the test servers, the given key prefix and topics for session-client,
     * session-projector (with its own consumer group) and auth-service (login rate-limit buckets included).
     */
    public static Map<String, String> isolated(String redisPrefix, SessionTopics topics) {
        return isolated(TestKafka.bootstrapServers(), redisPrefix, topics);
    }

    /**
     * {@link #isolated(String, SessionTopics)} against the broker at {@code bootstrapServers} instead of
     * {@link TestKafka}'s: for a test that stops and restarts a broker of its own.
     */
    public static Map<String, String> isolated(String bootstrapServers, String redisPrefix, SessionTopics topics) {
        Map<String, String> p = new HashMap<>();
        p.put("redis.uri", TestRedis.uri());
        p.put("kafka.bootstrap.servers", bootstrapServers);
        p.put("sessionstream.client.redis-prefix", redisPrefix);
        p.put("sessionstream.client.invalidations-topic", topics.invalidations());
        p.put("sessionstream.client.activity-topic", topics.activity());
        p.put("sessionstream.projector.group-id", "projector-" + UUID.randomUUID());
        p.put("sessionstream.projector.redis-prefix", redisPrefix);
        p.put("sessionstream.projector.events-topic", topics.events());
        p.put("sessionstream.projector.dead-letter-topic", topics.deadLetter());
        p.put("sessionstream.projector.invalidations-topic", topics.invalidations());
        p.put("sessionstream.projector.activity-topic", topics.activity());
        p.put("sessionstream.auth.redis-prefix", redisPrefix);
        p.put("sessionstream.auth.events-topic", topics.events());
        // Failed logins of one test (all from 127.0.0.1) must not count against another's.
        p.put("sessionstream.auth.rate-limit.redis-prefix", redisPrefix + "rl:");
        // Every test registers its users from 127.0.0.1: the tests of these limits set them low themselves.
        p.putAll(MANY_FROM_ONE_ADDRESS);
        p.putAll(TEST_HASHING);
        return p;
    }

    /** {@link #isolated} plus the auth-service's datasource and mail server ({@link TestMail}). */
    public static Map<String, String> isolated(String redisPrefix, SessionTopics topics, TestPostgres.Database db) {
        return withDatabase(isolated(redisPrefix, topics), db);
    }

    /** {@link #isolated(String, String, SessionTopics)} plus the auth-service's datasource and mail server. */
    public static Map<String, String> isolated(String bootstrapServers, String redisPrefix, SessionTopics topics,
                                               TestPostgres.Database db) {
        return withDatabase(isolated(bootstrapServers, redisPrefix, topics), db);
    }

    private static Map<String, String> withDatabase(Map<String, String> p, TestPostgres.Database db) {
        p.put("datasources.default.url", db.jdbcUrl());
        p.put("datasources.default.username", db.user());
        p.put("datasources.default.password", db.password());
        // Mail goes to the tests' own SMTP server, never to whatever listens on the machine's port 25.
        p.putAll(TestMail.server().senderProperties());
        return p;
    }
}
