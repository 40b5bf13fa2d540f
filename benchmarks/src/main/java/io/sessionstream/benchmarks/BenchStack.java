package io.sessionstream.benchmarks;

import io.sessionstream.devstack.Devstack;
import io.sessionstream.devstack.ServiceProcess;
import io.sessionstream.devstack.Stack;
import io.sessionstream.devstack.StackSettings;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.testkit.Ports;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestPostgres;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The system under test: a devstack {@link Stack}. For validation throughput ({@link #start}) it
 * has three app-demo instances, {@code app-1} with the near cache (session-client's default),
 * {@code app-2} with it off (Redis on every request) and {@code app-3} reading the auth-service's
 * {@code sessions} table on every request; for revocation lag ({@link #nearCacheApps}) N instances
 * all with the near cache. Isolated from a running {@code ./run} and from earlier runs: free ports,
 * its own database, key prefix, topics and an embedded broker unless {@code KAFKA_BOOTSTRAP_SERVERS}
 * is set.
 */
final class BenchStack implements AutoCloseable {

    static final String NEAR_APP = "app-1";
    static final String REDIS_APP = "app-2";
    static final String POSTGRES_APP = "app-3";

    private final Stack stack;
    private final StackSettings settings;
    private final String databaseName;

    private BenchStack(Stack stack, StackSettings settings, String databaseName) {
        this.stack = stack;
        this.settings = settings;
        this.databaseName = databaseName;
    }

    /** The validation-throughput stack: near cache, Redis every request, PostgreSQL every request. */
    static BenchStack start(Path home, PrintStream out) {
        return start(home, out, 3, db -> Map.of(
                REDIS_APP, Map.of("sessionstream.client.cache-mode", "OFF"),
                POSTGRES_APP, Map.of("sessionstream.demo.validation", "postgres",
                        "datasources.default.url", db.jdbcUrl(),
                        "datasources.default.username", db.user(),
                        "datasources.default.password", db.password())), List.of());
    }

    /** {@code instances} app-demo instances, all with the near cache, started with {@code appJvmOptions}. */
    static BenchStack nearCacheApps(Path home, PrintStream out, int instances, List<String> appJvmOptions) {
        return start(home, out, instances, db -> Map.of(), appJvmOptions);
    }

    private static BenchStack start(Path home, PrintStream out, int instances,
                                    Function<TestPostgres.Database, Map<String, Map<String, String>>> appOverrides,
                                    List<String> appJvmOptions) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String databaseName = "ss_bench_" + suffix;
        TestPostgres.Database db = createDatabase(databaseName);
        List<Integer> appPorts = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            appPorts.add(Ports.free());
        }
        StackSettings settings = StackSettings.builder(home, home.resolve("benchmarks").resolve("target").resolve("stack-" + suffix))
                .kafka(System.getenv("KAFKA_BOOTSTRAP_SERVERS"))
                .redis(Devstack.redisUri()).redisPrefix("bench-" + suffix + ":")
                .database(db)
                .topics(new SessionTopics("bench-" + suffix + ".events", "bench-" + suffix + ".events.dlt",
                        "bench-" + suffix + ".invalidations", "bench-" + suffix + ".activity"))
                .projectorGroup("bench-projector-" + suffix)
                .authPort(Ports.free()).projectorPort(Ports.free()).appPorts(appPorts)
                // Every benchmark user registers from 127.0.0.1.
                .overrides(TestProperties.MANY_FROM_ONE_ADDRESS)
                .appOverrides(appOverrides.apply(db))
                .appJvmOptions(appJvmOptions)
                // As ./run does: each service starts from its class-data archive, written by the first stack's
                // first instance when it stops (so the app-start figure is an instance started from the archive).
                .classDataSharing(home.resolve("benchmarks").resolve("target").resolve("cds"))
                .build();
        try {
            return new BenchStack(Stack.start(settings, out), settings, databaseName);
        } catch (RuntimeException e) {
            dropDatabase(databaseName);
            throw e;
        }
    }

    String authUrl() {
        return stack.authUrl();
    }

    /** The stack's Kafka (its embedded broker unless {@code KAFKA_BOOTSTRAP_SERVERS} is set). */
    String bootstrapServers() {
        return stack.bootstrapServers();
    }

    /** The stack's topics. */
    io.sessionstream.testkit.SessionTopics topics() {
        return settings.topics();
    }

    String nearCacheApp() {
        return stack.appUrls().get(0);
    }

    String redisApp() {
        return stack.appUrls().get(1);
    }

    String postgresApp() {
        return stack.appUrls().get(2);
    }

    List<String> appUrls() {
        return stack.appUrls();
    }

    /** The process of the {@code index}-th app-demo instance (0 is the first of {@link #appUrls()}). */
    ServiceProcess app(int index) {
        return stack.process("app-" + (index + 1));
    }

    /** The auth-service's process. */
    ServiceProcess authService() {
        return stack.process("auth-service");
    }

    /** The session-projector's process. */
    ServiceProcess projector() {
        return stack.process("session-projector");
    }

    /**
     * Stops the {@code index}-th app-demo instance and starts it again; returns its process start → ready, as
     * {@link Stack#restartTimed} measures it.
     */
    Duration restartApp(int index) {
        String name = "app-" + (index + 1);
        stack.stop(name);
        return stack.restartTimed(name);
    }

    /** The Argon2id PHC string the auth-service stored for a user. */
    String passwordHash(String email) {
        try (Connection c = settings.database().connect();
             PreparedStatement select = c.prepareStatement("select password_hash from users where email = ?")) {
            select.setString(1, email.toLowerCase(Locale.ROOT));
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("no user " + email + " in " + databaseName);
                }
                return row.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the password hash of " + email, e);
        }
    }

    String redisUri() {
        return settings.redisUri();
    }

    /** The names of the stack's Redis keys (its own prefix). */
    RedisLayout layout() {
        return new RedisLayout(settings.redisPrefix());
    }

    @Override
    public void close() {
        stack.close();
        dropDatabase(databaseName);
    }

    private static String serverUrl(String database) {
        String url = System.getenv("JDBC_URL");
        if (url == null || url.isBlank()) {
            return "jdbc:postgresql://127.0.0.1:5432/" + database;
        }
        return url.substring(0, url.lastIndexOf('/') + 1) + database;
    }

    private static TestPostgres.Database createDatabase(String name) {
        String user = envOr("JDBC_USER", "postgres");
        String password = envOr("JDBC_PASSWORD", "");
        try (Connection c = DriverManager.getConnection(serverUrl("postgres"), user, password);
             Statement st = c.createStatement()) {
            st.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is not reachable at " + serverUrl("postgres")
                    + " — start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)"
                    + " or set JDBC_URL (and JDBC_USER, JDBC_PASSWORD)", e);
        }
        return new TestPostgres.Database(serverUrl(name), user, password);
    }

    private static void dropDatabase(String name) {
        try (Connection c = DriverManager.getConnection(serverUrl("postgres"), envOr("JDBC_USER", "postgres"),
                envOr("JDBC_PASSWORD", "")); Statement st = c.createStatement()) {
            st.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException ignored) {
            // best effort: the name is unique, a leftover database harms no later run
        }
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }
}
