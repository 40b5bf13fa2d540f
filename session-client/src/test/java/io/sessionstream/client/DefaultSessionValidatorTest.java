package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.BeanProvider;
import io.sessionstream.store.StoreConnection;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.sessionstream.client.Validation.Unavailable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How often a validation that memory cannot decide parses its token and asks the near cache: once each, also
 * when the Micronaut Security fetcher first asks {@code validateWithoutBlocking} and then {@code validate} on the
 * blocking executor. No servers: the session store is a Redis that cannot be reached, so every miss ends
 * {@link Unavailable} right after the memory check (SessionValidatorIT counts a miss that Redis answers).
 */
class DefaultSessionValidatorTest {

    private static final SessionClientConfiguration CONFIG = new SessionClientConfiguration("ss:", "inv", CacheMode.NEAR,
            1000, Duration.ofMinutes(10), Duration.ofMinutes(10), "activity", Duration.ofMinutes(1), "ss_session",
            Duration.ofSeconds(2));

    private final FakeTicker ticker = new FakeTicker();
    private final CountingNearCache cache = new CountingNearCache(CONFIG, ticker);
    private final CacheTrust trust = new CacheTrust(cache, CONFIG.trustBound(), ticker);
    private final KafkaSettings kafka = new KafkaSettings(Map.of(), null, Map.of());
    private final DefaultSessionValidator validator = new DefaultSessionValidator(cache, trust, unreachableRedis(),
            new ActivityPublisher(CONFIG, "test", new MutableClock(Instant.now()), ticker, noTouches(), kafka),
            new MutableClock(Instant.now()), CONFIG, new ClientMeters(null, cache, trust));

    @Test
    void missOnTheFetchersPath_parsesTheTokenOnce_andAsksMemoryOnce() {
        trust.caughtUp(ticker.read());
        MutableHttpRequest<?> request = HttpRequest.GET("/api/me").bearerAuth(SessionToken.generate().value());

        assertThat(validator.validateWithoutBlocking(request)).isEmpty();
        assertThat(validator.validate(request)).isInstanceOf(Unavailable.class);

        assertThat(cache.parses()).as("parses").isEqualTo(1);
        assertThat(cache.tombstoneLookups).as("tombstone lookups").hasValue(1);
        assertThat(cache.sessionLookups).as("session lookups").hasValue(1);
    }

    @Test
    void missOfATokenString_parsesItOnce_andAsksMemoryOnce() {
        trust.caughtUp(ticker.read());

        assertThat(validator.validate(SessionToken.generate().value())).isInstanceOf(Unavailable.class);

        assertThat(cache.parses()).isEqualTo(1);
        assertThat(cache.tombstoneLookups).hasValue(1);
        assertThat(cache.sessionLookups).hasValue(1);
    }

    @Test
    void requestWhoseTokenChangedAfterTheMemoryCheck_isValidatedFromTheStart() {
        trust.caughtUp(ticker.read());
        MutableHttpRequest<?> request = HttpRequest.GET("/api/me").bearerAuth(SessionToken.generate().value());
        validator.validateWithoutBlocking(request);

        request.getHeaders().set(HttpHeaders.AUTHORIZATION, "Bearer " + SessionToken.generate().value());
        validator.validate(request);

        assertThat(cache.parses()).as("the second token is parsed, and memory asked about it").isEqualTo(2);
        assertThat(cache.tombstoneLookups).hasValue(2);
    }

    /** No session is admitted here, so no touch is ever published: the producer is never asked for. */
    private static BeanProvider<ActivityProducer> noTouches() {
        return new BeanProvider<>() {
            @Override
            public ActivityProducer get() {
                throw new AssertionError("no session is admitted in these tests, so nothing is published");
            }
        };
    }

    private static RedisSessionStore unreachableRedis() {
        BeanProvider<StatefulRedisConnection<String, String>> nowhere = new BeanProvider<>() {
            @Override
            public StatefulRedisConnection<String, String> get() {
                throw new BeanInstantiationException("no Redis in a unit test",
                        new RedisConnectionException("Connection refused: 127.0.0.1:9"));
            }
        };
        return new RedisSessionStore(StoreConnection.standalone(nowhere), CONFIG);
    }
}
