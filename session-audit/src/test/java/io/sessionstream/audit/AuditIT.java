package io.sessionstream.audit;

import static io.sessionstream.audit.Scenario.ALICE;
import static io.sessionstream.audit.Scenario.BOB;
import static io.sessionstream.audit.Scenario.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sessionstream.events.SessionExpired;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestKafka;
import io.sessionstream.testkit.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * session-audit against a real broker and a real database: the {@link Scenario}'s events, published as the relay
 * publishes them, are audited once each; "who was signed in as X at T, and from where" is answered at several
 * times; and a replay from the beginning of the topic into emptied tables, by a new consumer group, gives the same
 * answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditIT {

    private static final String TOKEN = "audit-test-token-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CATCH_UP = Duration.ofSeconds(30);
    /** The times the audit is asked about, and who of alice's sessions it must name then. */
    private static final Map<Double, List<String>> ALICE_SIGNED_IN = new LinkedHashMap<>();

    static {
        ALICE_SIGNED_IN.put(-1.0, List.of());
        ALICE_SIGNED_IN.put(0.5, List.of("s1"));
        ALICE_SIGNED_IN.put(1.5, List.of("s1", "s2"));
        ALICE_SIGNED_IN.put(2.5, List.of("s2"));
        ALICE_SIGNED_IN.put(3.5, List.of("s2", "s3"));
        ALICE_SIGNED_IN.put(4.5, List.of("s3"));
        ALICE_SIGNED_IN.put(5.5, List.of("s3", "s4"));
        ALICE_SIGNED_IN.put(6.5, List.of("s5"));
        ALICE_SIGNED_IN.put(7.5, List.of());
        ALICE_SIGNED_IN.put(8.5, List.of("s6"));
        ALICE_SIGNED_IN.put(9.5, List.of());
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private TestPostgres.Database db;
    private SessionTopics topics;
    private EmbeddedServer audit;

    @BeforeAll
    void publishTheScenario_andStartTheAudit() {
        db = TestPostgres.newDatabase();
        topics = SessionTopics.unique();
        Scenario scenario = new Scenario(TestKafka.bootstrapServers(), topics.events());
        try {
            scenario.publish();
        } finally {
            scenario.close();
        }
        audit = start("session-audit-" + UUID.randomUUID());
        awaitAudited(audit);
    }

    @AfterAll
    void stop() {
        if (audit != null) {
            audit.getApplicationContext().close();
        }
    }

    @Test
    void signedInAt_eachTime_namesTheSessionsOpenThen() throws Exception {
        Map<Double, List<String>> answered = new LinkedHashMap<>();
        for (Double hours : ALICE_SIGNED_IN.keySet()) {
            answered.put(hours, sessionIds(ask(audit, ALICE, at(hours))));
        }
        assertThat(answered).isEqualTo(ALICE_SIGNED_IN);
        assertThat(sessionIds(ask(audit, BOB, at(7.5)))).containsExactly("b1");
    }

    @Test
    void signedInAt_stopsCountingASessionOnceItsSessionExpiredIsPublished_andSaysItExpired() throws Exception {
        assertThat(sessionIds(ask(audit, BOB, at(1.5)))).containsExactly("b1", "b2");
        assertThat(sessionIds(ask(audit, BOB, at(2.5)))).as("b2 idle-expired at +2h15, long before its absolute "
                + "expiry").containsExactly("b1");

        JsonNode b2 = history(BOB, "b2").path("ended");
        assertThat(Instant.parse(b2.path("at").asText())).as("when the auth-service ended it").isEqualTo(at(2.25));
        assertThat(b2.path("how").asText()).isEqualTo("SessionExpired");
        assertThat(b2.path("reason").asText()).isEqualTo(SessionExpired.IDLE_EXPIRED);
        assertThat(b2.path("by").asText()).isEqualTo("system");
    }

    private JsonNode history(String user, String sessionId) throws Exception {
        for (JsonNode s : ask(audit, user, null).path("sessions")) {
            if (s.path("sessionId").asText().equals(sessionId)) {
                return s;
            }
        }
        throw new AssertionError(sessionId + " is not in the history of " + user);
    }

    @Test
    void signedInAt_saysFromWhichAddressAndDevice() throws Exception {
        JsonNode answer = ask(audit, ALICE, at(1.5));

        assertThat(answer.path("userId").asText()).isEqualTo(ALICE);
        assertThat(answer.path("at").asText()).isEqualTo(at(1.5).toString());
        JsonNode s2 = answer.path("sessions").get(1);
        assertThat(s2.path("sessionId").asText()).isEqualTo("s2");
        assertThat(s2.path("ip").asText()).isEqualTo("198.51.100.2");
        assertThat(s2.path("userAgent").asText()).isEqualTo(Scenario.IPHONE);
        assertThat(Instant.parse(s2.path("signedInAt").asText())).isEqualTo(at(1));
        assertThat(s2.has("ended")).as("not ended at the time asked, but the answer says how it ended later").isTrue();
    }

    @Test
    void history_saysWhenHowWhyAndByWhomEachSessionEnded() throws Exception {
        Map<String, String> endings = new HashMap<>();
        for (JsonNode s : ask(audit, ALICE, null).path("sessions")) {
            JsonNode e = s.path("ended");
            endings.put(s.path("sessionId").asText(), e.isMissingNode() ? "live"
                    : Instant.parse(e.path("at").asText()) + " " + e.path("how").asText() + " "
                    + e.path("reason").asText() + " by " + e.path("by").asText());
        }

        assertThat(endings).isEqualTo(Map.of(
                "s1", at(2) + " LoggedOut logout by user",
                "s2", at(4) + " SessionRevoked revoked_by_admin by admin",
                "s3", at(6) + " PasswordChanged password_changed by system",
                "s4", at(6) + " PasswordChanged password_changed by system",
                "s5", at(7) + " AllSessionsRevoked password_reset by system",
                "s6", "live"));
    }

    @Test
    void everyEvent_isStoredOnce_evenDeliveredTwice_andAnAbortedTransactionsNever() throws Exception {
        assertThat(count("select count(*) from audit_events")).isEqualTo(Scenario.AUDITED);
        assertThat(count("select count(*) from (select distinct event_id from audit_events) d")).isEqualTo(Scenario.AUDITED);
        assertThat(count("select count(*) from audit_events where event_id = '" + Scenario.ABORTED_LOGOUT + "'")).isZero();
    }

    @Test
    void recordsThatAreNotAuditableEvents_areSkippedAndCounted_andTheAuditGoesOn() throws Exception {
        assertThat(skippedReasons()).hasSize(Scenario.SKIPPED).anySatisfy(r -> assertThat(r).contains("not a CloudEvent"))
                .anySatisfy(r -> assertThat(r).contains("is not a SessionEvent"))
                .anySatisfy(r -> assertThat(r).contains("is not the event's user id"))
                .anySatisfy(r -> assertThat(r).contains("PostgreSQL refuses its data"));
        // The events after them were audited: s5 and s6 came later in alice's partition.
        assertThat(sessionIds(ask(audit, ALICE, at(8.5)))).containsExactly("s6");
    }

    @Test
    void auditTables_refuseUpdateAndDelete() throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("update audit_events set user_id = 'mallory'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.executeUpdate("delete from audit_events"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.executeUpdate("delete from audit_skipped"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
    }

    @Test
    void api_refusesARequestWithoutTheToken_andABadTime() throws Exception {
        String path = "/audit/users/" + ALICE + "/sessions";

        HttpResponse<String> none = get(audit, path, null);
        HttpResponse<String> wrong = get(audit, path, "Bearer not-" + TOKEN);
        HttpResponse<String> badTime = get(audit, path + "?at=yesterday", "Bearer " + TOKEN);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).doesNotContain("s1");
        assertThat(none.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(ask(audit, ALICE, null).path("sessions")).isNotEmpty();
    }

    @Test
    void replay_fromTheBeginningIntoEmptiedTables_byANewGroup_givesTheSameAnswers() throws Exception {
        Map<String, JsonNode> before = everyAnswer(audit);
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("truncate audit_events, audit_skipped");
        }
        assertThat(count("select count(*) from audit_events")).isZero();

        EmbeddedServer replay = start("session-audit-replay-" + UUID.randomUUID());
        try {
            awaitAudited(replay);
            assertThat(everyAnswer(replay)).isEqualTo(before);
            assertThat(skippedReasons()).hasSize(Scenario.SKIPPED);
        } finally {
            replay.getApplicationContext().close();
        }
    }

    private EmbeddedServer start(String groupId) {
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.server.port", -1);
        p.put("kafka.bootstrap.servers", TestKafka.bootstrapServers());
        p.put("sessionstream.audit.events-topic", topics.events());
        p.put("sessionstream.audit.group-id", groupId);
        p.put("sessionstream.audit.api-token", TOKEN);
        p.put("datasources.default.url", db.jdbcUrl());
        p.put("datasources.default.username", db.user());
        p.put("datasources.default.password", db.password());
        return ApplicationContext.run(EmbeddedServer.class, p);
    }

    private void awaitAudited(EmbeddedServer server) {
        await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(server.isRunning()).isTrue();
            assertThat(count("select count(*) from audit_events")).isEqualTo(Scenario.AUDITED);
            assertThat(count("select count(*) from audit_skipped")).isEqualTo(Scenario.SKIPPED);
        });
    }

    private Map<String, JsonNode> everyAnswer(EmbeddedServer server) throws Exception {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        for (String user : List.of(ALICE, BOB)) {
            answers.put(user + " history", ask(server, user, null));
            for (Double hours : ALICE_SIGNED_IN.keySet()) {
                answers.put(user + " at " + hours, ask(server, user, at(hours)));
            }
        }
        return answers;
    }

    private JsonNode ask(EmbeddedServer server, String user, Instant at) throws Exception {
        HttpResponse<String> answer = get(server, "/audit/users/" + user + "/sessions" + (at == null ? "" : "?at=" + at),
                "Bearer " + TOKEN);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static List<String> sessionIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.path("sessions").forEach(s -> ids.add(s.path("sessionId").asText()));
        return ids;
    }

    private HttpResponse<String> get(EmbeddedServer server, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> skippedReasons() throws SQLException {
        List<String> reasons = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select reason from audit_skipped order by kafka_partition, kafka_offset")) {
            while (rs.next()) {
                reasons.add(rs.getString(1));
            }
        }
        return reasons;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
