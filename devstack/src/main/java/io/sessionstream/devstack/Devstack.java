package io.sessionstream.devstack;

import io.sessionstream.testkit.EmbeddedMail;
import io.sessionstream.testkit.Ports;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The one-command local launcher.
 *
 * <pre>
 * devstack [--instances N] [--brokers 1|3]                    run the system until Ctrl-C
 * devstack --scenario logout-propagation [--instances N] [--brokers 1|3] [--rounds R]
 * </pre>
 *
 * Kafka: {@code KAFKA_BOOTSTRAP_SERVERS} if set, else an embedded broker on 127.0.0.1:9092
 * (data in {@code .devstack/kafka}); with {@code --brokers 3}, a replicated cluster of three broker processes on
 * free ports instead (topics at replication factor 3, {@code min.insync.replicas=2}; data in
 * {@code .devstack/kafka-cluster}). Redis: {@code REDIS_URIS} (the seed URIs of a Redis Cluster, comma-separated),
 * else {@code REDIS_URI}, else 127.0.0.1:6379. PostgreSQL:
 * {@code JDBC_URL}/{@code JDBC_USER}/{@code JDBC_PASSWORD} or database {@code sessionstream}
 * on 127.0.0.1:5432 (created if missing). Mail: an embedded server, SMTP 3025, POP3 3110, IMAP 3143
 * (each on a free port instead when taken). Ports: auth-service 8081, session-projector 8082,
 * app-demo instances 8091, 8092, ...
 */
public final class Devstack {

    private static final int AUTH_PORT = 8081;
    private static final int PROJECTOR_PORT = 8082;
    private static final int FIRST_APP_PORT = 8091;
    /** GreenMail's usual test ports: the well-known ones plus 3000, free of root and of a real mail server. */
    static final EmbeddedMail.Ports MAIL_PORTS = new EmbeddedMail.Ports(3025, 3110, 3143);

    private Devstack() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: devstack [--instances N] [--brokers 1|3] [--scenario logout-propagation --rounds R]");
            System.exit(2);
            return;
        }
        PrintStream out = System.out;
        StackSettings settings;
        try {
            settings = localSettings(options.instances(), options.brokers());
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        Stack stack = Stack.start(settings, out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping ...");
            stack.close();
            stopped.countDown();
        }, "devstack-stop"));
        printUrls(stack, settings, out);
        if (options.scenario() == null) {
            out.println("Press Ctrl-C to stop everything.");
            stopped.await();
            return;
        }
        LogoutPropagationScenario.Result result = new LogoutPropagationScenario(stack.appUrls()).run(options.rounds(), out);
        Path csv = settings.workDir().resolve("revocation-lag.csv");
        result.writeCsv(csv);
        out.println("Every lag (round, instance, ms) is in " + csv);
        out.println(result.latencies());
        out.println(result.summary());
        System.exit(result.staleAfter5s() > 0 ? 1 : 0);
    }

    private static void printUrls(Stack stack, StackSettings settings, PrintStream out) {
        out.println();
        out.println("Sessionstream is running:");
        for (int i = 0; i < stack.appUrls().size(); i++) {
            out.println("  app-demo app-" + (i + 1) + "       " + stack.appUrls().get(i));
        }
        out.println("  auth-service        " + stack.authUrl());
        out.println("  session-projector   " + stack.projectorUrl() + "/health");
        out.println("  Kafka               " + stack.bootstrapServers()
                + (settings.kafkaBrokers() > 1 ? " (" + settings.kafkaBrokers() + " brokers, replication factor 3)" : ""));
        EmbeddedMail mail = stack.mail();
        out.println("  mail (GreenMail)    smtp " + mail.host() + ":" + mail.smtpPort() + ", pop3 :" + mail.pop3Port()
                + ", imap :" + mail.imapPort() + " (user = the address, any password); each message is printed here");
        out.println("  logs                " + stack.logs().get(0).getParent());
        out.println();
    }

    static StackSettings localSettings(int instances, int brokers) throws SQLException {
        Path home = home();
        String redisCluster = System.getenv("REDIS_URIS");
        boolean cluster = redisCluster != null && !redisCluster.isBlank();
        String redis = cluster ? redisCluster : redisUri();
        TestPostgres.Database db = database();
        String kafka = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (kafka != null && !kafka.isBlank() && brokers > 1) {
            throw new IllegalStateException("--brokers " + brokers + " starts a Kafka cluster, but KAFKA_BOOTSTRAP_SERVERS="
                    + kafka + " says to use that Kafka: unset it, or leave out --brokers");
        }
        int kafkaPort = freeOrAny(9092);
        List<Integer> appPorts = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            appPorts.add(FIRST_APP_PORT + i);
        }
        for (int port : concat(List.of(AUTH_PORT, PROJECTOR_PORT), appPorts)) {
            if (Ports.answers("127.0.0.1", port)) {
                throw new IllegalStateException("Port " + port + " is in use — is another devstack running? Stop it first.");
            }
        }
        SessionTopics topics = new SessionTopics("session.events", "session.events.dlt", "session.invalidations",
                "session.activity");
        StackSettings.Builder builder = StackSettings.builder(home, home.resolve(".devstack"));
        if (cluster) {
            builder.redisCluster(redis);
        } else {
            builder.redis(redis);
        }
        return builder
                .kafka(kafka).embeddedKafkaPort(kafkaPort).kafkaBrokers(brokers)
                .redisPrefix("ss:")
                .database(db)
                .topics(topics)
                .projectorGroup("session-projector")
                .authPort(AUTH_PORT).projectorPort(PROJECTOR_PORT).appPorts(appPorts)
                .mailPorts(freeOrAny(MAIL_PORTS))
                .classDataSharing(home.resolve(".devstack").resolve("cds"))
                .build();
    }

    /** Each port as given if nothing answers there, else 0 (any free one), as for the Kafka port. */
    static EmbeddedMail.Ports freeOrAny(EmbeddedMail.Ports ports) {
        return new EmbeddedMail.Ports(freeOrAny(ports.smtp()), freeOrAny(ports.pop3()), freeOrAny(ports.imap()));
    }

    private static int freeOrAny(int port) {
        return Ports.answers("127.0.0.1", port) ? 0 : port;
    }

    private static List<Integer> concat(List<Integer> a, List<Integer> b) {
        List<Integer> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The project root: {@code sessionstream.home}, else the current directory or its parent. */
    public static Path home() {
        String configured = System.getProperty("sessionstream.home");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        Path cwd = Path.of("").toAbsolutePath();
        return Files.isDirectory(cwd.resolve("auth-service")) ? cwd : cwd.getParent();
    }

    /** Redis: {@code REDIS_URI}, else 127.0.0.1:6379 if it answers, else an error that says how to start one. */
    public static String redisUri() {
        String env = System.getenv("REDIS_URI");
        if (env != null && !env.isBlank()) {
            return env;
        }
        if (!Ports.answers("127.0.0.1", 6379)) {
            throw new IllegalStateException("Redis is not reachable at 127.0.0.1:6379 — start it with\n"
                    + "  redis-server --daemonize yes --port 6379 --save '' --appendonly no\n"
                    + "or set REDIS_URI=redis://host:port");
        }
        return "redis://127.0.0.1:6379";
    }

    private static TestPostgres.Database database() throws SQLException {
        String url = System.getenv("JDBC_URL");
        String user = envOr("JDBC_USER", "postgres");
        String password = envOr("JDBC_PASSWORD", "");
        if (url != null && !url.isBlank()) {
            return new TestPostgres.Database(url, user, password);
        }
        if (!Ports.answers("127.0.0.1", 5432)) {
            throw new IllegalStateException("PostgreSQL is not reachable at 127.0.0.1:5432 — start it with\n"
                    + "  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n"
                    + "or set JDBC_URL (and JDBC_USER, JDBC_PASSWORD)");
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", user, password);
             ResultSet rs = c.createStatement().executeQuery("select 1 from pg_database where datname = 'sessionstream'")) {
            if (!rs.next()) {
                c.createStatement().execute("create database sessionstream");
            }
        }
        return new TestPostgres.Database("jdbc:postgresql://127.0.0.1:5432/sessionstream", user, password);
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    /** Command-line options. */
    record Options(int instances, int brokers, String scenario, int rounds) {

        static Options parse(String[] args) {
            int instances = 3;
            int brokers = 1;
            String scenario = null;
            int rounds = 50;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--instances" -> instances = positive(args, ++i);
                    case "--brokers" -> {
                        brokers = positive(args, ++i);
                        if (brokers != 1 && brokers != 3) {
                            // Two KRaft voters cannot lose one; more than three add nothing a laptop can show.
                            throw new IllegalArgumentException("--brokers takes 1 (one embedded broker) or 3 (a replicated "
                                    + "cluster, replication factor 3), not " + brokers);
                        }
                    }
                    case "--rounds" -> rounds = positive(args, ++i);
                    case "--scenario" -> {
                        scenario = value(args, ++i);
                        if (!scenario.equals("logout-propagation")) {
                            throw new IllegalArgumentException("unknown scenario " + scenario + " (known: logout-propagation)");
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(instances, brokers, scenario, rounds);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }

        private static int positive(String[] args, int i) {
            try {
                int n = Integer.parseInt(value(args, i));
                if (n < 1) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(args[i - 1] + " needs a positive number");
            }
        }
    }
}
