package io.sessionstream.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * PostgreSQL for tests, in the order of ARCHITECTURE §7: {@code JDBC_URL} (with
 * {@code JDBC_USER}/{@code JDBC_PASSWORD}) if set, {@code localhost:5432} if it answers,
 * Testcontainers when Docker answers, else embedded PostgreSQL binaries (zonky).
 * Each call to {@link #newDatabase()} creates a fresh database, dropped when the JVM exits.
 */
public final class TestPostgres {

    /** Connection settings of one database. */
    public record Database(String jdbcUrl, String user, String password) {

        /** Opens a connection. */
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, user, password);
        }

        /** Runs one statement, for a test that sets up rows the API cannot make (an expired one, say). */
        public void execute(String sql) {
            try (Connection c = connect()) {
                c.createStatement().execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }
    }

    private record Server(String host, int port, String user, String password) {
        String url(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    private static Server server;
    private static final List<String> created = new ArrayList<>();

    private TestPostgres() {
    }

    /** Creates an empty database on the test server. */
    public static synchronized Database newDatabase() {
        Server s = server();
        String name = "ss_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(s.url("postgres"), s.user(), s.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + s.url("postgres"), e);
        }
        created.add(name);
        return new Database(s.url(name), s.user(), s.password());
    }

    private static Server server() {
        if (server == null) {
            server = discover();
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropCreated, "test-databases-drop"));
        }
        return server;
    }

    private static Server discover() {
        String url = System.getenv("JDBC_URL");
        if (url != null && !url.isBlank()) {
            java.net.URI uri = java.net.URI.create(url.substring("jdbc:".length()));
            return new Server(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                    envOr("JDBC_USER", "postgres"), envOr("JDBC_PASSWORD", ""));
        }
        if (Ports.answers("127.0.0.1", 5432)) {
            return new Server("127.0.0.1", 5432, "postgres", "");
        }
        if (Docker.available()) {
            PostgreSQLContainer<?> pg = new PostgreSQLContainer<>("postgres:16-alpine");
            pg.start();
            return new Server(pg.getHost(), pg.getMappedPort(5432), pg.getUsername(), pg.getPassword());
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
            return new Server("127.0.0.1", pg.getPort(), "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    private static synchronized void dropCreated() {
        try (Connection c = DriverManager.getConnection(server.url("postgres"), server.user(), server.password());
             Statement st = c.createStatement()) {
            for (String name : created) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException ignored) {
            // best effort: names are unique, a leftover database harms no later run
        }
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }
}
