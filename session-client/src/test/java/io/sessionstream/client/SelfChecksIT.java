package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import io.sessionstream.store.AppliedHash;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.testkit.Ports;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * A misconfigured application says what is wrong, in one line each, against real Redis and Kafka: a key prefix
 * under which Redis holds no projection, an invalidations topic that does not exist, a Kafka that does not answer.
 */
class SelfChecksIT {

    private final Capture log = new Capture();
    private final String prefix = TestRedis.uniquePrefix();
    private final RedisLayout layout = new RedisLayout(prefix);

    @BeforeEach
    void capture() {
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void release() {
        root().detachAppender(log);
    }

    @Test
    void noProjectionUnderThePrefix_isOneWarnLineNamingTheSetting_andAReadinessDetail_butReadinessStaysUp() {
        try (ApplicationContext context = ApplicationContext.run(app(TestProperties.isolated(prefix, SessionTopics.unique())))) {
            ProjectionCheck check = context.getBean(ProjectionCheck.class);
            await().atMost(Duration.ofSeconds(15)).until(() -> check.found().isPresent());

            assertThat(log.messages(ProjectionCheck.class, Level.WARN)).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("No Sessionstream projection under prefix '" + prefix + "' in Redis")
                    .contains("does sessionstream.client.redis-prefix match the projector's",
                            "Every session will be rejected (401)"));
            HealthResult health = result(context.getBean(ProjectionHealth.class));
            assertThat(health.getStatus()).isEqualTo(HealthStatus.UP);
            assertThat(details(health)).containsEntry("projectionFound", false).containsEntry("redisPrefix", prefix);

            check.check();
            assertThat(log.messages(ProjectionCheck.class, Level.WARN)).as("said once, not at every check").hasSize(1);

            withRedis(redis -> redis.sync().hset(layout.applied(), AppliedHash.offsetField("session.events", 0), "0"));
            check.check();
            assertThat(log.messages(ProjectionCheck.class, Level.INFO))
                    .contains("Sessionstream projection found under prefix '" + prefix + "' in Redis");
            assertThat(details(result(context.getBean(ProjectionHealth.class)))).containsEntry("projectionFound", true);
        }
    }

    @Test
    void aProjectionUnderThePrefix_isNotWarnedAbout() {
        withRedis(redis -> redis.sync().hset(layout.applied(), AppliedHash.offsetField("session.events", 0), "7"));
        try (ApplicationContext context = ApplicationContext.run(app(TestProperties.isolated(prefix, SessionTopics.unique())))) {
            ProjectionCheck check = context.getBean(ProjectionCheck.class);
            await().atMost(Duration.ofSeconds(15)).until(() -> check.found().isPresent());

            assertThat(check.found()).contains(true);
            assertThat(log.messages(ProjectionCheck.class, Level.WARN)).isEmpty();
        }
    }

    @Test
    void invalidationsTopicMissing_isOneWarnLine_namingTheTopicAndTheSetting_andReadinessIsDown() {
        Map<String, String> p = TestProperties.isolated(prefix, SessionTopics.unique());
        String missing = "session.invalidations.never-created-" + System.nanoTime();
        p.put("sessionstream.client.invalidations-topic", missing);
        try (ApplicationContext context = ApplicationContext.run(app(p))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !log.messages(InvalidationListener.class, Level.WARN).isEmpty());

            assertThat(log.messages(InvalidationListener.class, Level.WARN)).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("Invalidation listener on " + missing + " cannot use Kafka at ")
                    .contains("TopicNotFound", "every request goes to Redis", "Create the topic, or check "
                            + "sessionstream.client.invalidations-topic"));
            assertThat(result(context.getBean(InvalidationListenerHealth.class)).getStatus()).isEqualTo(HealthStatus.DOWN);
        }
    }

    @Test
    void kafkaNotAnswering_isOneWarnLine_sayingTheNearCacheIsBypassed() {
        Map<String, String> p = TestProperties.isolated("127.0.0.1:" + Ports.free(), prefix, SessionTopics.unique());
        try (ApplicationContext context = ApplicationContext.run(app(p))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !log.messages(InvalidationListener.class, Level.WARN).isEmpty());

            assertThat(log.messages(InvalidationListener.class, Level.WARN)).singleElement().satisfies(line -> assertThat(line)
                    .contains("cannot reach Kafka at 127.0.0.1:", "the near cache is not trusted (every request goes to Redis)"));
        }
    }

    private static Map<String, Object> app(Map<String, String> properties) {
        Map<String, Object> p = new HashMap<>(properties);
        p.put("micronaut.server.port", -1);
        return p;
    }

    private static HealthResult result(io.micronaut.management.health.indicator.HealthIndicator indicator) {
        return Mono.from(indicator.getResult()).block(Duration.ofSeconds(5));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(HealthResult result) {
        return (Map<String, Object>) result.getDetails();
    }

    private static void withRedis(java.util.function.Consumer<StatefulRedisConnection<String, String>> work) {
        RedisClient client = RedisClient.create(TestRedis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            work.accept(c);
        } finally {
            client.shutdown();
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** Every event logged while a test runs. */
    private static final class Capture extends AppenderBase<ILoggingEvent> {

        private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
        }

        /** The messages of {@code type}'s logger at exactly {@code level}. */
        List<String> messages(Class<?> type, Level level) {
            return events.stream().filter(e -> e.getLoggerName().equals(type.getName()) && e.getLevel() == level)
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
