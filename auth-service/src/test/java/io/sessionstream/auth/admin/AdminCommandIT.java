package io.sessionstream.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.auth.AuthApi;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The admin command, run in-process as {@code ./admin} runs it (its own context of the admin environment,
 * configured by {@code --name=value} arguments), next to a running auth-service (this test's context, with the
 * projector) whose relay publishes what the command commits — on an isolated database, topics and key prefix.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminCommandIT implements TestPropertyProvider {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final TestPostgres.Database db = TestPostgres.newDatabase();
    private final Map<String, String> properties = TestProperties.isolated(TestRedis.uniquePrefix(), SessionTopics.unique(), db);

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Test
    void sessions_listsEveryLiveSessionOfTheUser_byEmailOrId_withoutTokensOrSecretHashes() throws Exception {
        AuthApi api = new AuthApi(server.getPort());
        String email = api.register();
        AuthApi.Login phone = api.login(email, AuthApi.PASSWORD, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) "
                + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1");
        AuthApi.Login laptop = api.login(email, AuthApi.PASSWORD, "curl/8.5.0");

        Run byEmail = admin("sessions", email.toUpperCase());
        Run byId = admin("sessions", phone.userId());

        assertThat(byEmail.code).as(byEmail.err).isZero();
        assertThat(byEmail.out).startsWith("user " + phone.userId() + "  " + email + "  2 live sessions\n")
                .contains("SESSION", "LAST SEEN", "IDLE EXPIRY", "ABSOLUTE EXPIRY", "DEVICE", "IP",
                        phone.sessionId(), laptop.sessionId(), "127.0.0.1", "Mobile Safari", "curl 8");
        assertThat(byEmail.out.indexOf(laptop.sessionId())).as("newest first").isLessThan(byEmail.out.indexOf(phone.sessionId()));
        assertThat(byId.out).isEqualTo(byEmail.out);
        for (String secret : List.of(secret(phone), secret(laptop), secretHash(phone.sessionId()), secretHash(laptop.sessionId()))) {
            assertThat(byEmail.out + byEmail.err).doesNotContain(secret);
        }
    }

    @Test
    void revoke_commitsWithAdminReason_waitsForTheRelayToPublish_andTheTokenIsThenRejected() throws Exception {
        AuthApi api = new AuthApi(server.getPort());
        String email = api.register();
        AuthApi.Login revoked = api.login(email, AuthApi.PASSWORD);
        AuthApi.Login other = api.login(email, AuthApi.PASSWORD);

        Run run = admin("revoke", revoked.sessionId());

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("revoked session " + revoked.sessionId() + " of " + email, "reason revoked_by_admin",
                "published: SessionRevoked on Kafka");
        assertThat(revokedReason(revoked.sessionId())).isEqualTo("revoked_by_admin");
        assertThat(revokedReason(other.sessionId())).isNull();
        assertThat(lastOutboxRow(revoked.userId())).containsEntry("type", "io.sessionstream.session.revoked")
                .containsEntry("published", "true");
        await().atMost(BOUND).until(() -> api.get("/api/auth/me", revoked.token()).statusCode() == 401);
        assertThat(api.get("/api/auth/me", other.token()).statusCode()).isEqualTo(200);

        Run again = admin("revoke", revoked.sessionId());
        assertThat(again.code).isZero();
        assertThat(again.out).contains("was revoked already", "(revoked_by_admin); nothing to do");
    }

    @Test
    void revokeAll_revokesEverySessionOfTheUser_withAdminReason_andEveryTokenIsThenRejected() throws Exception {
        AuthApi api = new AuthApi(server.getPort());
        String email = api.register();
        AuthApi.Login first = api.login(email, AuthApi.PASSWORD);
        AuthApi.Login second = api.login(email, AuthApi.PASSWORD);
        AuthApi.Login bystander = api.login(api.register(), AuthApi.PASSWORD);

        Run run = admin("revoke-all", email);

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("revoked 2 sessions of " + email, first.sessionId(), second.sessionId(),
                "reason revoked_all_by_admin", "published: AllSessionsRevoked on Kafka");
        assertThat(revokedReason(first.sessionId())).isEqualTo("revoked_all_by_admin");
        assertThat(revokedReason(second.sessionId())).isEqualTo("revoked_all_by_admin");
        assertThat(lastOutboxRow(first.userId())).containsEntry("type", "io.sessionstream.session.all-revoked")
                .containsEntry("published", "true");
        await().atMost(BOUND).until(() -> api.get("/api/auth/me", first.token()).statusCode() == 401
                && api.get("/api/auth/me", second.token()).statusCode() == 401);
        assertThat(api.get("/api/auth/me", bystander.token()).statusCode()).isEqualTo(200);
        assertThat(admin("sessions", email).out).contains("0 live sessions");
    }

    @Test
    void revoke_withNoRelayRunning_staysCommitted_saysItIsNotPublished_andExits1() throws Exception {
        // A database no auth-service relays from: the admin command migrates it, the test writes a session into it.
        TestPostgres.Database lonely = TestPostgres.newDatabase();
        Map<String, String> config = new HashMap<>(properties);
        config.put("datasources.default.url", lonely.jdbcUrl());
        config.put("datasources.default.username", lonely.user());
        config.put("datasources.default.password", lonely.password());
        config.put("flyway.datasources.default.enabled", "true");
        config.put("sessionstream.admin.publish-wait", "1s");
        assertThat(admin(config, "sessions", UUID.randomUUID().toString()).err).contains("no user with id");
        String sessionId = "s-" + UUID.randomUUID();
        UUID userId = UUID.randomUUID();
        try (Connection c = lonely.connect()) {
            Instant now = Instant.now();
            update(c, "insert into users (id, email, password_hash, created_at) values (?, ?, 'x', ?)",
                    userId, "lonely@example.com", Timestamp.from(now));
            update(c, "insert into sessions (id, user_id, secret_hash, created_at, absolute_expires_at, idle_expires_at)"
                    + " values (?, ?, 'h', ?, ?, ?)", sessionId, userId, Timestamp.from(now),
                    Timestamp.from(now.plusSeconds(3600)), Timestamp.from(now.plusSeconds(600)));
        }

        Run run = admin(config, "revoke", sessionId);

        assertThat(run.code).isEqualTo(AdminCommand.FAILED);
        assertThat(run.out).contains("revoked session " + sessionId);
        assertThat(run.err).contains("committed; not yet published after 1 s",
                "is an auth-service running? It will be published by the relay when one runs");
        try (Connection c = lonely.connect(); ResultSet rs = c.createStatement().executeQuery(
                "select (select revoked_reason from sessions), (select count(*) from outbox where published_at is null)")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("revoked_by_admin");
            assertThat(rs.getLong(2)).isEqualTo(1);
        }
    }

    @Test
    void lag_showsEveryPartitionOfTheProjectorsGroups_withCommittedEndAndLag() {
        AuthApi api = new AuthApi(server.getPort());
        api.login(api.register(), AuthApi.PASSWORD);
        String group = properties.get("sessionstream.projector.group-id");
        String events = properties.get("sessionstream.projector.events-topic");

        Run run = admin("lag");

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("group " + group + " on " + events + ": 1 active member",
                "PARTITION  COMMITTED  END  LAG", "group " + group + "-activity on "
                        + properties.get("sessionstream.projector.activity-topic") + ": ");
        for (int p = 0; p < SessionTopics.PARTITIONS; p++) {
            assertThat(run.out).containsPattern("(?m)^  " + p + " +(\\d+|-) +\\d+ +\\d+$");
        }
        assertThat(run.out).containsPattern("(?m)^  total lag \\d+$");
    }

    @Test
    void unknownUserOrSession_exits1_andUnknownCommand_exits2_eachSayingWhy() {
        Run noUser = admin("sessions", "nobody-" + UUID.randomUUID() + "@example.com");
        Run noSession = admin("revoke", "no-such-session");
        Run noUserToRevoke = admin("revoke-all", "nobody@example.com");
        Run unknown = admin("revoke-everything", "x");

        assertThat(noUser.code).isEqualTo(AdminCommand.FAILED);
        assertThat(noUser.err).startsWith("sessions failed: no user with email nobody-");
        assertThat(noSession.code).isEqualTo(AdminCommand.FAILED);
        assertThat(noSession.err).isEqualTo("revoke failed: no session no-such-session\n");
        assertThat(noUserToRevoke.code).isEqualTo(AdminCommand.FAILED);
        assertThat(noUserToRevoke.err).isEqualTo("revoke-all failed: no user with email nobody@example.com\n");
        assertThat(unknown.code).isEqualTo(AdminCommand.USAGE);
        assertThat(unknown.err).startsWith("unknown command: revoke-everything\nusage: ");
    }

    private Run admin(String... command) {
        return admin(properties, command);
    }

    /** Runs the command as {@code java -jar auth-service.jar <command> --name=value ...} would. */
    private static Run admin(Map<String, String> config, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        config.forEach((k, v) -> args.add("--" + k + "=" + v));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AdminCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int code, String out, String err) {
    }

    private static String secret(AuthApi.Login login) {
        return login.token().substring(login.token().indexOf('.') + 1);
    }

    private String secretHash(String sessionId) throws SQLException {
        return column("select secret_hash from sessions where id = ?", sessionId);
    }

    private String revokedReason(String sessionId) throws SQLException {
        return column("select revoked_reason from sessions where id = ?", sessionId);
    }

    private Map<String, String> lastOutboxRow(String userId) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "select event_type, published_at is not null from outbox where kafka_key = ? order by id desc limit 1")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return Map.of("type", rs.getString(1), "published", Boolean.toString(rs.getBoolean(2)));
            }
        }
    }

    private String column(String sql, String parameter) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static void update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            ps.executeUpdate();
        }
    }
}
