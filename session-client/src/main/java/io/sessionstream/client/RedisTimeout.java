package io.sessionstream.client;

import io.lettuce.core.RedisURI;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * Gives every Redis connection of the application a short command timeout: {@code redis.timeout}, or
 * {@value #DEFAULT_TEXT} when the application sets none. Without it a validation that must read Redis waits
 * Lettuce's 60 s default when Redis accepts connections but stops answering (Lettuce queues commands while it
 * reconnects), instead of failing closed with 503 within about a second.
 *
 * <p>Two gaps are closed here. micronaut-redis 6.9 builds the client from the parsed {@code redis.uri} alone and
 * drops {@code redis.timeout}; so a set {@code redis.timeout} is copied onto the URI (a {@code ?timeout=} in the
 * URI is overridden by it). And an application that sets no timeout at all gets {@value #DEFAULT_TEXT} instead of
 * Lettuce's minute, unless its URI carries its own {@code ?timeout=}. A slower Redis (a cross-region one) needs a
 * larger {@code redis.timeout}; the projector, whose batches may take longer, sets {@code 5s}.
 */
@Singleton
class RedisTimeout implements BeanCreatedEventListener<AbstractRedisConfiguration> {

    static final String PROPERTY = "redis.timeout";
    /** The timeout when the application sets none. */
    static final Duration DEFAULT = Duration.ofSeconds(1);
    private static final String DEFAULT_TEXT = "1s";

    private final Optional<Duration> configured;

    RedisTimeout(Environment environment) {
        this.configured = environment.getProperty(PROPERTY, Duration.class);
    }

    @Override
    public AbstractRedisConfiguration onCreated(BeanCreatedEvent<AbstractRedisConfiguration> event) {
        AbstractRedisConfiguration config = event.getBean();
        apply(config);
        config.getUri().ifPresent(this::apply);
        config.getUris().forEach(this::apply);
        config.getReplicaUris().forEach(this::apply);
        return config;
    }

    private void apply(RedisURI uri) {
        if (configured.isPresent()) {
            uri.setTimeout(configured.get());
        } else if (RedisURI.DEFAULT_TIMEOUT_DURATION.equals(uri.getTimeout())) {
            uri.setTimeout(DEFAULT);
        }
    }
}
