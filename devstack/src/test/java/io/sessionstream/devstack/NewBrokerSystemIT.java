package io.sessionstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sessionstream.testkit.Ports;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestRedis;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The reproduction, as real processes: {@code ./run} in one clone, stopped; then {@code ./run} in a fresh
 * clone on the same machine — the same Redis key prefix and PostgreSQL database, but a new embedded broker whose
 * topics have new topic ids and offsets from 0. Before the fix every event was fenced by the first broker's
 * offsets: logins answered 503, a logout was skipped while its session stayed valid in Redis.
 */
class NewBrokerSystemIT {

    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final String PASSWORD = "new broker password";

    private final ApiClient api = new ApiClient();

    @Test
    void secondStack_onANewBroker_withTheSameRedisAndDatabase_rebuildsTheProjection_soLoginsAndLogoutsWork() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String prefix = TestRedis.uniquePrefix();
        TestPostgres.Database database = TestPostgres.newDatabase();
        String email = "user-" + suffix + "@example.com";
        ApiClient.Session before;
        ByteArrayOutputStream firstOutput = new ByteArrayOutputStream();
        // The first clone only has to leave a projection behind: one app instance is enough.
        try (Stack first = Stack.start(settings("clone-1-" + suffix, prefix, database, 1), tee(firstOutput))) {
            api.register(first.appUrls().get(0), email, PASSWORD);
            before = api.login(first.appUrls().get(0), email, PASSWORD);
            first.appUrls().forEach(app -> assertThat(api.me(app, before.token()).status()).isEqualTo(200));
        }
        assertThat(firstOutput.toString(StandardCharsets.UTF_8)).doesNotContain("Redis holds a projection");

        ByteArrayOutputStream secondOutput = new ByteArrayOutputStream();
        try (Stack second = Stack.start(settings("clone-2-" + suffix, prefix, database, 2), tee(secondOutput))) {
            assertThat(secondOutput.toString(StandardCharsets.UTF_8))
                    .containsPattern("Redis holds a projection of another Kafka cluster's session\\.events \\(topic id \\S+\\); "
                            + "rebuilding it from this broker's log")
                    .containsPattern("rebuild: events=0 .* topic-id=\\S+ in \\d+ ms");

            ApiClient.Session after = api.login(second.appUrls().get(0), email, PASSWORD);
            for (String app : second.appUrls()) {
                assertThat(api.me(app, after.token()).status()).as("the new login on " + app).isEqualTo(200);
                assertThat(api.me(app, before.token()).status())
                        .as("a session of the first broker's log, which this one does not hold: rejected on " + app)
                        .isEqualTo(401);
            }

            api.logout(second.appUrls().get(1), after.token());

            for (String app : second.appUrls()) {
                await().atMost(BOUND).pollInterval(Duration.ofMillis(10))
                        .until(() -> api.me(app, after.token()).status() == 401);
            }
        }
    }

    /**
     * A {@code ./run} of its own clone: a new work directory (so a new embedded broker, on a free port), the
     * production topic and group names (the broker is its own), and the shared Redis prefix and database.
     */
    private static StackSettings settings(String clone, String prefix, TestPostgres.Database database, int apps) {
        List<Integer> appPorts = new ArrayList<>();
        for (int i = 0; i < apps; i++) {
            appPorts.add(Ports.free());
        }
        return StackSettings.builder(Path.of("..").toAbsolutePath().normalize(), Path.of("target", clone).toAbsolutePath())
                .redis(TestRedis.uri()).redisPrefix(prefix)
                .database(database)
                .topics(new SessionTopics("session.events", "session.events.dlt", "session.invalidations",
                        "session.activity"))
                .projectorGroup("session-projector")
                .authPort(Ports.free()).projectorPort(Ports.free()).appPorts(appPorts)
                .overrides(TestStacks.withTestLimits(Map.of()))
                .appJvmOptions(TestStacks.APP_JVM_OPTIONS)
                .serviceJvmOptions(TestStacks.SERVICE_JVM_OPTIONS)
                .classDataSharing(TestStacks.CLASS_DATA)
                .build();
    }

    /** What the launcher prints, to the console and captured. */
    private static PrintStream tee(ByteArrayOutputStream captured) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                captured.write(b);
                System.out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                captured.write(b, off, len);
                System.out.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
    }
}
