package io.sessionstream.auth.sessions;

import io.sessionstream.auth.AuthTestProperties;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Failed logins are limited per account and per client address, in Redis, against the real
 * auth-service with real PostgreSQL, Kafka and Redis. Limits are small and windows long (nothing
 * refills during a test; {@link LoginThrottleRefillIT} covers refilling). Every test uses its own
 * accounts and its own client addresses, given in {@code X-Forwarded-For} by the test as a trusted proxy would
 * ({@code ForwardedHeadersIT} proves that an untrusted client's header counts for nothing).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginThrottleIT implements TestPropertyProvider {

    private static final String PASSWORD = "correct horse battery";
    private static final String WRONG = "not the password";
    private static final int ACCOUNT_FAILURES = 3;
    private static final int IP_FAILURES = 5;

    private final TestPostgres.Database db = TestPostgres.newDatabase();
    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = AuthTestProperties.behindTestProxy(db);
        p.put("sessionstream.auth.rate-limit.account-failures", String.valueOf(ACCOUNT_FAILURES));
        p.put("sessionstream.auth.rate-limit.account-window", "1h");
        p.put("sessionstream.auth.rate-limit.device-failures", String.valueOf(ACCOUNT_FAILURES));
        p.put("sessionstream.auth.rate-limit.ip-failures", String.valueOf(IP_FAILURES));
        p.put("sessionstream.auth.rate-limit.ip-window", "1h");
        return p;
    }

    @Test
    void wrongPasswords_beyondTheAccountLimit_get429WithRetryAfter_evenForTheRightPassword() throws Exception {
        String email = register();
        String address = newAddress();
        for (int i = 0; i < ACCOUNT_FAILURES; i++) {
            assertThat(login(email, WRONG, address).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> locked = login(email, PASSWORD, address);

        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.body()).contains("\"error\":\"too_many_attempts\"");
        assertThat(retryAfter(locked)).isBetween(1, 3600);
        assertThat(locked.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(locked.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(login(email, PASSWORD, newAddress()).statusCode())
                .as("the account is locked whatever the address").isEqualTo(429);
    }

    @Test
    void unknownEmail_isCountedAndAnsweredExactlyLikeAWrongPassword() throws Exception {
        String known = register();
        String unknown = "nobody-" + UUID.randomUUID() + "@example.com";
        String knownAddress = newAddress();
        String unknownAddress = newAddress();
        for (int i = 0; i < ACCOUNT_FAILURES; i++) {
            HttpResponse<String> wrongPassword = login(known, WRONG, knownAddress);
            HttpResponse<String> unknownEmail = login(unknown, WRONG, unknownAddress);
            assertThat(wrongPassword.statusCode()).isEqualTo(unknownEmail.statusCode()).isEqualTo(401);
            assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body());
        }

        HttpResponse<String> knownLocked = login(known, WRONG, knownAddress);
        HttpResponse<String> unknownLocked = login(unknown, WRONG, unknownAddress);

        assertThat(knownLocked.statusCode()).isEqualTo(unknownLocked.statusCode()).isEqualTo(429);
        assertThat(knownLocked.body()).isEqualTo(unknownLocked.body());
        assertThat(retryAfter(unknownLocked)).isBetween(1, 3600);
    }

    @Test
    void anotherAccountFromTheSameAddress_isNotLockedByTheAccountBucket_butByTheAddressBucketAtItsLimit() throws Exception {
        String first = register();
        String second = register();
        String third = register();
        String address = newAddress();
        for (int i = 0; i < ACCOUNT_FAILURES; i++) {
            assertThat(login(first, WRONG, address).statusCode()).isEqualTo(401);
        }
        assertThat(login(first, PASSWORD, address).statusCode()).isEqualTo(429);

        // The address has IP_FAILURES - ACCOUNT_FAILURES failures left; the second account, all of its own.
        for (int i = ACCOUNT_FAILURES; i < IP_FAILURES; i++) {
            assertThat(login(second, WRONG, address).statusCode()).as("failure %d of the address", i + 1).isEqualTo(401);
        }

        assertThat(login(second, PASSWORD, address).statusCode()).as("the address is exhausted").isEqualTo(429);
        assertThat(login(third, PASSWORD, address).statusCode()).as("for every account").isEqualTo(429);
        assertThat(login(second, PASSWORD, newAddress()).statusCode())
                .as("the second account itself is not locked").isEqualTo(200);
    }

    @Test
    void successfulLogins_consumeNothing() throws Exception {
        String email = register();
        String address = newAddress();
        for (int i = 0; i < ACCOUNT_FAILURES - 1; i++) {
            assertThat(login(email, WRONG, address).statusCode()).isEqualTo(401);
        }

        for (int i = 0; i < IP_FAILURES + 1; i++) {
            assertThat(login(email, PASSWORD, address).statusCode()).as("success %d", i + 1).isEqualTo(200);
        }

        assertThat(login(email, WRONG, address).statusCode()).as("the last failure the account has").isEqualTo(401);
        assertThat(login(email, PASSWORD, address).statusCode()).isEqualTo(429);
    }

    @Test
    void concurrentWrongPasswords_takeTheirTokenBeforeVerifying_soNoMoreThanTheLimitAreEverChecked() throws Exception {
        String email = register();
        int attackers = ACCOUNT_FAILURES + 5;
        ExecutorService pool = Executors.newFixedThreadPool(attackers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < attackers; i++) {
                String address = newAddress();
                answers.add(pool.submit(() -> {
                    start.await();
                    return login(email, WRONG, address).statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }

            assertThat(statuses).filteredOn(code -> code == 401).as("verified").hasSize(ACCOUNT_FAILURES);
            assertThat(statuses).filteredOn(code -> code == 429).as("refused unverified").hasSize(attackers - ACCOUNT_FAILURES);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anAccountLockedFromElsewhere_staysOpenToABrowserThatSignedInBefore_withItsOwnLimit() throws Exception {
        String email = register();
        HttpResponse<String> owner = login(email, PASSWORD, newAddress());
        String device = cookie(owner, "ss_session_device");
        assertThat(owner.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("ss_session_device=")
                && c.toLowerCase(java.util.Locale.ROOT).contains("httponly") && c.contains("SameSite=Strict"));

        // An attacker keeps the account's bucket empty from other addresses, without the owner's device cookie.
        for (int i = 0; i < ACCOUNT_FAILURES; i++) {
            assertThat(login(email, WRONG, newAddress()).statusCode()).isEqualTo(401);
        }
        assertThat(login(email, PASSWORD, newAddress()).statusCode()).as("locked for browsers without the cookie")
                .isEqualTo(429);

        String ownersAddress = newAddress();
        assertThat(login(email, PASSWORD, ownersAddress, device).statusCode()).as("the owner's browser").isEqualTo(200);
        // The device has a limit of its own: a stolen laptop cannot guess without end either.
        for (int i = 0; i < ACCOUNT_FAILURES; i++) {
            assertThat(login(email, WRONG, ownersAddress, device).statusCode()).isEqualTo(401);
        }
        assertThat(login(email, PASSWORD, ownersAddress, device).statusCode()).isEqualTo(429);
        assertThat(login(register(), PASSWORD, ownersAddress, device).statusCode())
                .as("the device cookie is no key to another account").isEqualTo(200);
    }

    @Test
    void aForgedOrForeignDeviceCookie_isNoWayAroundTheLockout() throws Exception {
        String victim = register();
        String attacker = register();
        String attackersDevice = cookie(login(attacker, PASSWORD, newAddress()), "ss_session_device");
        for (int i = 0; i < ACCOUNT_FAILURES; i++) {
            assertThat(login(victim, WRONG, newAddress(), attackersDevice).statusCode()).isEqualTo(401);
        }

        assertThat(login(victim, PASSWORD, newAddress(), attackersDevice).statusCode())
                .as("a device trusted by another account").isEqualTo(429);
        assertThat(login(victim, PASSWORD, newAddress(), "A".repeat(43)).statusCode()).as("a made-up token")
                .isEqualTo(429);
        assertThat(login(victim, PASSWORD, newAddress(), "garbage value!").statusCode()).as("garbage")
                .isEqualTo(429);
    }

    private static String cookie(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';'))).findFirst().orElseThrow();
    }

    private HttpResponse<String> login(String email, String password, String address, String deviceToken)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + "/api/auth/login"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", address)
                .header("Cookie", "ss_session_device=" + deviceToken)
                .POST(HttpRequest.BodyPublishers.ofString(credentials(email, password)));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String register() throws Exception {
        String email = "throttle-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> response = post("/api/users", credentials(email, PASSWORD), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return email;
    }

    private HttpResponse<String> login(String email, String password, String address) throws Exception {
        return post("/api/auth/login", credentials(email, password), address);
    }

    private HttpResponse<String> post(String path, String json, String forwardedFor) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A client address no other test (or run) uses, from 10.0.0.0/8. */
    static String newAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    static int retryAfter(HttpResponse<String> response) {
        return Integer.parseInt(response.headers().firstValue("Retry-After").orElseThrow());
    }

    static String credentials(String email, String password) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }
}
