package io.sessionstream.auth.sessions;

import static io.sessionstream.auth.AuthApi.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.auth.AuthApi;
import io.sessionstream.auth.AuthTestProperties;
import io.sessionstream.store.MemberHash;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The receipts wait takes a receipt's positions as a hint, never as the answer: a logout answers only once a fresh
 * read of the membership shows every member past the broadcast. Here a member that has applied nothing (its hash
 * says so) has receipts published in its name — garbage first, then a forged one claiming every partition — and the
 * logout must keep waiting; it answers once the member's hash shows the broadcast applied, long before the trust
 * bound. Against real PostgreSQL, Kafka and Redis, with the real projector in the context.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForgedReceiptIT implements TestPropertyProvider {

    private static final String MEMBER = "forged-member";
    /** Far past any offset this test's broadcast topic reaches. */
    private static final long APPLIED_EVERYTHING = 1_000_000;
    private static final Duration STILL_WAITING = Duration.ofMillis(800);

    private final String prefix = TestRedis.uniquePrefix();
    private final RedisLayout layout = new RedisLayout(prefix);
    private final SessionTopics topics = SessionTopics.unique();
    private final TestPostgres.Database db = TestPostgres.newDatabase();
    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;
    @Inject
    StatefulRedisConnection<String, String> redis;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = AuthTestProperties.plainHttp(prefix, topics, db);
        // Neither bound may end the wait during the test: only the member's hash may.
        p.put("sessionstream.client.trust-bound", "30s");
        p.put("sessionstream.auth.projection-wait", "30s");
        return p;
    }

    @Test
    void forgedReceipt_doesNotAnswerTheLogout_theMembersHashDoes() {
        AuthApi api = new AuthApi(server.getPort());
        AuthApi.Login login = api.login(api.register(), PASSWORD);
        joinBehind();

        CompletableFuture<HttpResponse<String>> logout = http.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.getPort() + "/api/auth/logout"))
                .header("Authorization", "Bearer " + login.token())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        stillWaiting(logout, "the member has applied nothing");

        for (String garbage : List.of(MEMBER, MEMBER + " :", MEMBER + " 0:-5 x:1 1: :7 2:9999999999999999999999",
                MEMBER + " leave extra", " 0:1", MEMBER + " " + "0:1 ".repeat(5_000))) {
            redis.sync().publish(layout.receipts(), garbage);
        }
        stillWaiting(logout, "garbage receipts");

        redis.sync().publish(layout.receipts(), MEMBER + " 0:" + APPLIED_EVERYTHING + " 1:" + APPLIED_EVERYTHING
                + " 2:" + APPLIED_EVERYTHING);
        stillWaiting(logout, "a forged receipt while the member's hash shows nothing applied");

        redis.sync().hset(layout.member(MEMBER), positions(APPLIED_EVERYTHING));
        redis.sync().publish(layout.receipts(), MEMBER + " 0:" + APPLIED_EVERYTHING);
        await("the logout, once the member's hash shows the broadcast applied").atMost(Duration.ofSeconds(10))
                .until(logout::isDone);
        assertThat(logout.join().statusCode()).isEqualTo(204);
        assertThat(api.get("/api/auth/me", login.token()).statusCode()).isEqualTo(401);
    }

    /** A live member, renewed far ahead, at position 0 on every partition: it has applied nothing yet. */
    private void joinBehind() {
        redis.sync().zadd(layout.members(), System.currentTimeMillis() + Duration.ofMinutes(5).toMillis(), MEMBER);
        Map<String, String> hash = positions(0);
        hash.put(MemberHash.BOOT, "boot-1");
        hash.put(MemberHash.HEARTBEAT, String.valueOf(System.currentTimeMillis()));
        redis.sync().hset(layout.member(MEMBER), hash);
    }

    private static Map<String, String> positions(long offset) {
        Map<String, String> hash = new HashMap<>();
        for (int partition = 0; partition < SessionTopics.PARTITIONS; partition++) {
            hash.put(MemberHash.positionField(partition), String.valueOf(offset));
        }
        return hash;
    }

    private static void stillWaiting(CompletableFuture<HttpResponse<String>> logout, String why) {
        await("the logout still waiting: " + why).during(STILL_WAITING).atMost(STILL_WAITING.multipliedBy(2))
                .until(() -> !logout.isDone());
    }
}
