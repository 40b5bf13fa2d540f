package io.sessionstream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What an anonymous client can make the service do, bounded: registrations per address, reset requests per email
 * (mail bombing) and per address, reset confirmations that hash nothing for a bad token, and the rows they leave
 * behind deleted by the housekeeping.
 */
// Not transactional: the housekeeping must commit its deletes for the test to see them.
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnonymousLimitsIT implements TestPropertyProvider {

    private static final int SIGNUPS = 4;
    private static final int RESETS_PER_EMAIL = 2;

    private final TestPostgres.Database db = TestPostgres.newDatabase();

    @Inject
    EmbeddedServer server;
    @Inject
    MeterRegistry meters;
    @Inject
    Housekeeping housekeeping;

    private AuthApi api;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = AuthTestProperties.plainHttp(db);
        p.put("sessionstream.auth.rate-limit.signups-per-address", String.valueOf(SIGNUPS));
        p.put("sessionstream.auth.rate-limit.resets-per-email", String.valueOf(RESETS_PER_EMAIL));
        return p;
    }

    @BeforeAll
    void client() {
        api = new AuthApi(server.getPort());
    }

    @Test
    void signUps_beyondTheLimitOfOneAddress_get429WithRetryAfter_beforeAnyHash() {
        for (int i = 0; i < SIGNUPS; i++) {
            assertThat(signUp().statusCode()).isEqualTo(202);
        }
        double hashes = hashes();

        HttpResponse<String> refused = signUp();

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(AuthApi.json(refused).get("error").asText()).isEqualTo("too_many_requests");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(hashes()).as("a refused sign-up hashes nothing").isEqualTo(hashes);
    }

    @Test
    void resetRequests_beyondThePerEmailLimit_get429_theSameForRegisteredAndUnknownAddresses() {
        String registered = "reset-" + UUID.randomUUID() + "@example.com";
        db.execute("insert into users (id, email, password_hash, created_at) values ('" + UUID.randomUUID()
                + "', '" + registered + "', 'not-a-hash', now())");
        String unknown = "nobody-" + UUID.randomUUID() + "@example.com";
        for (int i = 0; i < RESETS_PER_EMAIL; i++) {
            assertThat(reset(registered).statusCode()).isEqualTo(202);
            assertThat(reset(unknown).statusCode()).isEqualTo(202);
        }

        HttpResponse<String> registeredRefused = reset(registered);
        HttpResponse<String> unknownRefused = reset(unknown);

        assertThat(registeredRefused.statusCode()).isEqualTo(unknownRefused.statusCode()).isEqualTo(429);
        assertThat(registeredRefused.body()).isEqualTo(unknownRefused.body());
        assertThat(rows("select count(*) from password_resets r join users u on u.id = r.user_id where u.email = '"
                + registered + "'")).as("no more tokens than the limit").isEqualTo(RESETS_PER_EMAIL);
    }

    @Test
    void resetConfirmations_withUnknownTokens_answer400_andHashNothing() {
        double hashes = hashes();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> answer = api.post("/api/auth/password-reset/confirm",
                    "{\"token\":\"" + UUID.randomUUID().toString().replace("-", "") + "\",\"newPassword\":\"a long new password\"}",
                    null);
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(AuthApi.json(answer).get("error").asText()).isEqualTo("invalid_reset_token");
        }

        assertThat(hashes()).isEqualTo(hashes);
    }

    @Test
    void housekeeping_deletesResetRowsExpiredOverADayAgo_andDevicesUnusedForTheirLifetime() {
        UUID user = UUID.randomUUID();
        db.execute("insert into users (id, email, password_hash, created_at) values ('" + user + "', 'hk-" + user
                + "@example.com', 'not-a-hash', now())");
        db.execute("insert into password_resets (token_hash, user_id, created_at, expires_at) values"
                + " ('old-" + user + "', '" + user + "', now() - interval '3 days', now() - interval '2 days'),"
                + " ('new-" + user + "', '" + user + "', now(), now() + interval '30 minutes')");
        db.execute("insert into trusted_devices (key_hash, user_id, created_at, last_used_at) values"
                + " ('old-" + user + "', '" + user + "', now() - interval '400 days', now() - interval '181 days'),"
                + " ('new-" + user + "', '" + user + "', now(), now())");

        housekeeping.run();

        assertThat(rows("select count(*) from password_resets where user_id = '" + user + "'")).isEqualTo(1);
        assertThat(rows("select count(*) from password_resets where token_hash = 'new-" + user + "'")).isEqualTo(1);
        assertThat(rows("select count(*) from trusted_devices where user_id = '" + user + "'")).isEqualTo(1);
        assertThat(rows("select count(*) from trusted_devices where key_hash = 'new-" + user + "'")).isEqualTo(1);
    }

    private HttpResponse<String> signUp() {
        return api.post("/api/users", AuthApi.credentials("signup-" + UUID.randomUUID() + "@example.com",
                AuthApi.PASSWORD), null);
    }

    private HttpResponse<String> reset(String email) {
        return api.post("/api/auth/password-reset", "{\"email\":\"" + email + "\"}", null);
    }

    private double hashes() {
        Counter counter = meters.find("sessionstream.auth.password.hashes").tag("operation", "hash").counter();
        return counter == null ? 0 : counter.count();
    }

    private long rows(String sql) {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
