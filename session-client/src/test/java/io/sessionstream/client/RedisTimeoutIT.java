package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.client.Validation.Reason;
import io.sessionstream.client.Validation.Rejected;
import io.sessionstream.client.Validation.Unavailable;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TcpProxy;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Redis stops answering on a connection that is already open (the test cuts it): a validation that
 * must read Redis fails closed within {@code redis.timeout}, though {@code redis.uri} is set.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisTimeoutIT implements TestPropertyProvider {

    private final URI redis = URI.create(TestRedis.uri());
    private final TcpProxy redisLink = TcpProxy.to(redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort());

    @Inject
    SessionValidator validator;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = TestProperties.isolated(TestRedis.uniquePrefix(), SessionTopics.unique());
        p.put("redis.uri", "redis://127.0.0.1:" + redisLink.port());
        p.put("redis.timeout", "1s");
        return p;
    }

    @AfterAll
    void closeLink() {
        redisLink.close();
    }

    @Test
    void redisCutMidConnection_validationFailsClosedWithinTheTimeout_notLettucesMinute() {
        assertThat(validator.validate(SessionToken.generate().value())).isEqualTo(new Rejected(Reason.UNKNOWN));

        redisLink.cut();

        // Lettuce's default would hold this call for 60 s; with redis.timeout=1s it answers in about one.
        Validation result = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> validator.validate(SessionToken.generate().value()));
        assertThat(result).isInstanceOf(Unavailable.class);
    }
}
