package io.sessionstream.auth;

import static io.sessionstream.auth.AuthApi.PASSWORD;
import static io.sessionstream.auth.AuthApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sessionstream.events.EventType;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.ReceivedMail;
import io.sessionstream.testkit.TestMail;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Listing and revoking sessions, password change and reset, against real PostgreSQL, Kafka and
 * Redis with the real projector in the context. Every revocation must be visible in Redis
 * (and to this instance's validator) by the time the request answers.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionLifecycleIT implements TestPropertyProvider {

    private static final String NEW_PASSWORD = "a brand new passphrase";
    private static final String LINK_BASE = "https://app.example.com";
    private static final String CHROME_ON_LINUX =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

    private final String prefix = TestRedis.uniquePrefix();
    private final RedisLayout layout = new RedisLayout(prefix);
    private final SessionTopics topics = SessionTopics.unique();
    private final TestPostgres.Database db = TestPostgres.newDatabase();

    @Inject
    EmbeddedServer server;
    @Inject
    StatefulRedisConnection<String, String> redis;

    private AuthApi api;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = AuthTestProperties.plainHttp(prefix, topics, db);
        p.put("sessionstream.auth.mail.link-base-url", LINK_BASE);
        return p;
    }

    @BeforeAll
    void client() {
        api = new AuthApi(server.getPort());
    }

    @Test
    void listSessions_showsEveryLiveSessionWithDevice_andMarksTheCurrentOne() {
        String email = api.register();
        AuthApi.Login first = api.login(email, PASSWORD);
        AuthApi.Login second = api.login(email, PASSWORD, CHROME_ON_LINUX);

        HttpResponse<String> list = api.get("/api/auth/sessions", second.token());

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode sessions = json(list).get("sessions");
        assertThat(sessions).hasSize(2);
        assertThat(sessions.get(0).get("id").asText()).isEqualTo(second.sessionId());
        assertThat(sessions.get(0).get("current").asBoolean()).isTrue();
        assertThat(sessions.get(1).get("id").asText()).isEqualTo(first.sessionId());
        assertThat(sessions.get(1).get("current").asBoolean()).isFalse();
        assertThat(sessions.get(0).get("device").asText()).isEqualTo("Chrome 156 on Linux");
        assertThat(sessions.get(0).has("lastSeenAt")).isTrue();
        assertThat(sessions.get(0).has("idleExpiresAt")).isTrue();
        assertThat(list.body()).doesNotContain(first.token().substring(first.token().indexOf('.') + 1));
    }

    @Test
    void revokeOne_removesItFromRedisBeforeAnswering_andKeepsTheCaller() {
        String email = api.register();
        AuthApi.Login phone = api.login(email, PASSWORD);
        AuthApi.Login laptop = api.login(email, PASSWORD);

        assertThat(api.delete("/api/auth/sessions/" + phone.sessionId(), laptop.token()).statusCode()).isEqualTo(204);

        assertThat(redis.sync().exists(layout.session(phone.sessionId()))).isZero();
        assertThat(api.get("/api/auth/me", phone.token()).statusCode()).isEqualTo(401);
        assertThat(api.get("/api/auth/me", laptop.token()).statusCode()).isEqualTo(200);
        assertThat(api.delete("/api/auth/sessions/" + phone.sessionId(), laptop.token()).statusCode())
                .as("revoking twice is harmless").isEqualTo(204);
    }

    @Test
    void revokeAnotherUsersSession_is404_likeAnUnknownOne_andRevokesNothing() {
        AuthApi.Login victim = api.login(api.register(), PASSWORD);
        AuthApi.Login attacker = api.login(api.register(), PASSWORD);

        HttpResponse<String> foreign = api.delete("/api/auth/sessions/" + victim.sessionId(), attacker.token());
        HttpResponse<String> unknown = api.delete("/api/auth/sessions/AAAAAAAAAAAAAAAAAAAAAA", attacker.token());
        HttpResponse<String> mixed = api.post("/api/auth/sessions/revoke",
                "{\"sessionIds\":[\"" + attacker.sessionId() + "\",\"" + victim.sessionId() + "\"]}", attacker.token());

        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(unknown.body());
        assertThat(mixed.statusCode()).isEqualTo(404);
        assertThat(api.get("/api/auth/me", victim.token()).statusCode()).isEqualTo(200);
        assertThat(api.get("/api/auth/me", attacker.token()).statusCode()).as("nothing of a rejected bulk").isEqualTo(200);
        assertThat(json(api.get("/api/auth/sessions", attacker.token())).get("sessions").toString())
                .doesNotContain(victim.sessionId());
    }

    @Test
    void revokeSeveral_inBulk_revokesExactlyThose() {
        String email = api.register();
        List<AuthApi.Login> logins = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            logins.add(api.login(email, PASSWORD));
        }

        HttpResponse<String> bulk = api.post("/api/auth/sessions/revoke", "{\"sessionIds\":[\""
                + logins.get(0).sessionId() + "\",\"" + logins.get(1).sessionId() + "\"]}", logins.get(3).token());

        assertThat(bulk.statusCode()).isEqualTo(204);
        assertThat(api.get("/api/auth/me", logins.get(0).token()).statusCode()).isEqualTo(401);
        assertThat(api.get("/api/auth/me", logins.get(1).token()).statusCode()).isEqualTo(401);
        assertThat(api.get("/api/auth/me", logins.get(2).token()).statusCode()).isEqualTo(200);
        assertThat(api.post("/api/auth/sessions/revoke", "{\"sessionIds\":[]}", logins.get(3).token()).statusCode())
                .isEqualTo(400);
    }

    @Test
    void revokeOthers_keepsOnlyTheCaller_andLogoutEverywhere_endsThatToo() {
        String email = api.register();
        AuthApi.Login a = api.login(email, PASSWORD);
        AuthApi.Login b = api.login(email, PASSWORD);
        AuthApi.Login c = api.login(email, PASSWORD);

        assertThat(api.post("/api/auth/sessions/revoke-others", "", b.token()).statusCode()).isEqualTo(204);

        assertThat(api.get("/api/auth/me", a.token()).statusCode()).isEqualTo(401);
        assertThat(api.get("/api/auth/me", c.token()).statusCode()).isEqualTo(401);
        assertThat(api.get("/api/auth/me", b.token()).statusCode()).isEqualTo(200);
        assertThat(redis.sync().zrange(layout.userSessions(b.userId()), 0, -1)).containsExactly(b.sessionId());

        AuthApi.Login d = api.login(email, PASSWORD);
        HttpResponse<String> everywhere = api.post("/api/auth/logout-everywhere", "", d.token());

        assertThat(everywhere.statusCode()).isEqualTo(204);
        assertThat(everywhere.headers().firstValue("Set-Cookie")).hasValueSatisfying(v -> assertThat(v).contains("Max-Age=0"));
        assertThat(api.get("/api/auth/me", b.token()).statusCode()).isEqualTo(401);
        assertThat(api.get("/api/auth/me", d.token()).statusCode()).isEqualTo(401);
        assertThat(redis.sync().exists(layout.userSessions(b.userId()))).isZero();
        AuthApi.Login after = api.login(email, PASSWORD);
        assertThat(api.get("/api/auth/me", after.token()).statusCode()).as("a login after the epoch").isEqualTo(200);
    }

    @Test
    void passwordChange_renewsTheCurrentSession_revokesEveryOther_andOnlyTheNewPasswordWorks() throws Exception {
        String email = api.register();
        AuthApi.Login other = api.login(email, PASSWORD);
        AuthApi.Login current = api.login(email, PASSWORD);

        HttpResponse<String> wrong = api.post("/api/auth/password",
                "{\"currentPassword\":\"not it at all\",\"newPassword\":\"" + NEW_PASSWORD + "\"}", current.token());
        HttpResponse<String> tooShort = api.post("/api/auth/password",
                "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"short\"}", current.token());
        HttpResponse<String> change = api.post("/api/auth/password",
                "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"" + NEW_PASSWORD + "\"}", current.token());

        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(json(wrong).get("error").asText()).isEqualTo("wrong_password");
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(change.statusCode()).isEqualTo(200);
        JsonNode renewed = json(change);
        String renewedToken = renewed.get("token").asText();
        assertThat(renewed.get("sessionId").asText()).as("a new session id").isNotEqualTo(current.sessionId());
        assertThat(renewedToken).isNotEqualTo(current.token());
        assertThat(change.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("ss_session=" + renewedToken));
        assertThat(api.get("/api/auth/me", renewedToken).statusCode()).isEqualTo(200);
        assertThat(api.get("/api/auth/me", current.token()).statusCode()).as("the old id and secret are dead")
                .isEqualTo(401);
        assertThat(api.get("/api/auth/me", other.token()).statusCode()).isEqualTo(401);
        assertThat(api.post("/api/auth/login", AuthApi.credentials(email, PASSWORD), null).statusCode()).isEqualTo(401);
        assertThat(api.post("/api/auth/login", AuthApi.credentials(email, NEW_PASSWORD), null).statusCode()).isEqualTo(200);
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                "select event_type from outbox where kafka_key = '" + current.userId() + "' order by id")) {
            List<String> types = new ArrayList<>();
            while (rs.next()) {
                types.add(rs.getString(1));
            }
            assertThat(types).containsSubsequence(EventType.LOGGED_IN.ceType(), EventType.LOGGED_IN.ceType(),
                    EventType.LOGGED_IN.ceType(), EventType.PASSWORD_CHANGED.ceType(), EventType.LOGGED_IN.ceType());
        }
    }

    @Test
    void login_fromABrowserThatStillCarriesASessionCookie_endsThatSession_butNotOnAWrongPassword() {
        String email = api.register();
        AuthApi.Login first = api.login(email, PASSWORD);

        HttpResponse<String> wrong = browserLogin(email, "not the password", first.token());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(api.get("/api/auth/me", first.token()).statusCode()).as("a failed login ends nothing").isEqualTo(200);

        HttpResponse<String> second = browserLogin(email, PASSWORD, first.token());

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(api.get("/api/auth/me", first.token()).statusCode()).as("the replaced session").isEqualTo(401);
        assertThat(api.get("/api/auth/me", json(second).get("token").asText()).statusCode()).isEqualTo(200);
        assertThat(redis.sync().exists(layout.session(first.sessionId()))).isZero();
    }

    @Test
    void login_ofAnApiClientWithoutTheCookie_leavesItsOtherSessionsAlone() {
        String email = api.register();
        AuthApi.Login first = api.login(email, PASSWORD);

        api.login(email, PASSWORD);

        assertThat(api.get("/api/auth/me", first.token()).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> browserLogin(String email, String password, String cookieToken) {
        return api.send("/api/auth/login", b -> b.header("Content-Type", "application/json")
                .header("Origin", "http://127.0.0.1:" + server.getPort()).header("Cookie", "ss_session=" + cookieToken)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(AuthApi.credentials(email, password))));
    }

    @Test
    void wrongCurrentPasswords_onPasswordChange_countAsFailedLogins_andEndIn429() {
        String email = api.register();
        AuthApi.Login session = api.login(email, PASSWORD);
        String wrong = "{\"currentPassword\":\"not it at all\",\"newPassword\":\"" + NEW_PASSWORD + "\"}";
        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/api/auth/password", wrong, session.token()).statusCode()).isEqualTo(403);
        }

        HttpResponse<String> limited = api.post("/api/auth/password",
                "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"" + NEW_PASSWORD + "\"}", session.token());

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(api.post("/api/auth/login", AuthApi.credentials(email, PASSWORD), null).statusCode())
                .as("the same account budget as login").isEqualTo(429);
    }

    @Test
    void passwordReset_mailsALinkToARegisteredAddressOnly_answersAlike_revokesEverySession_andTheTokenWorksOnce() {
        String email = api.register();
        String unknownEmail = "nobody-" + email;
        AuthApi.Login a = api.login(email, PASSWORD);
        AuthApi.Login b = api.login(email, PASSWORD);

        HttpResponse<String> unknown = api.post("/api/auth/password-reset", "{\"email\":\"" + unknownEmail + "\"}", null);
        HttpResponse<String> known = api.post("/api/auth/password-reset", "{\"email\":\"" + email + "\"}", null);

        assertThat(known.statusCode()).isEqualTo(202);
        assertThat(unknown.statusCode()).isEqualTo(202);
        assertThat(known.body()).isEqualTo(unknown.body());
        assertThat(known.body()).doesNotContain("token");
        ReceivedMail mail = TestMail.awaitMail(email);
        assertThat(mail.subject()).isEqualTo("Reset your Sessionstream password");
        assertThat(mail.from()).contains("no-reply@localhost");
        String token = mail.linkParameter("token").orElseThrow();
        assertThat(mail.link()).contains(LINK_BASE + "/reset.html?token=" + token);
        assertThat(mail.raw()).as("sent 7bit: the link is one unbroken line of the raw message, as curl shows it")
                .contains(LINK_BASE + "/reset.html?token=" + token + "\r\n");
        assertThat(TestMail.server().receivedBy(email)).as("one mail per request").hasSize(1);
        assertThat(TestMail.server().receivedBy(unknownEmail)).as("an unknown address gets nothing").isEmpty();

        String confirm = "{\"token\":\"" + token + "\",\"newPassword\":\"" + NEW_PASSWORD + "\"}";
        assertThat(api.post("/api/auth/password-reset/confirm", confirm, null).statusCode()).isEqualTo(204);

        assertThat(api.get("/api/auth/me", a.token()).statusCode()).isEqualTo(401);
        assertThat(api.get("/api/auth/me", b.token()).statusCode()).isEqualTo(401);
        assertThat(api.post("/api/auth/login", AuthApi.credentials(email, NEW_PASSWORD), null).statusCode()).isEqualTo(200);
        HttpResponse<String> again = api.post("/api/auth/password-reset/confirm",
                "{\"token\":\"" + token + "\",\"newPassword\":\"yet another passphrase\"}", null);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(json(again).get("error").asText()).isEqualTo("invalid_reset_token");
        assertThat(api.post("/api/auth/password-reset/confirm",
                "{\"token\":\"garbage\",\"newPassword\":\"yet another passphrase\"}", null).statusCode()).isEqualTo(400);
    }
}
