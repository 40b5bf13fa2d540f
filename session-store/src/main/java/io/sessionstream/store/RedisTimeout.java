package io.sessionstream.store;

import io.lettuce.core.RedisURI;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * Gives every Redis connection of the process a short command timeout: {@code redis.timeout}, or
 * {@value #DEFAULT_TEXT} when the process sets none. Without it a command waits Lettuce's 60 s default when Redis
 * accepts connections but stops answering (Lettuce queues commands while it reconnects): a validation that must read
 * Redis would hang instead of failing closed with 503 within about a second, a projector batch would fail only after
 * a minute instead of being retried within seconds. Lettuce times out asynchronous commands with this same timeout.
 *
 * <p>Two gaps are closed here. micronaut-redis 6.9 builds the client from the parsed {@code redis.uri} alone and
 * drops {@code redis.timeout}; so a set {@code redis.timeout} is copied onto the URI (a {@code ?timeout=} in the
 * URI is overridden by it). And a process that sets no timeout at all gets {@value #DEFAULT_TEXT} instead of
 * Lettuce's minute, unless its URI carries its own {@code ?timeout=}. A slower Redis (a cross-region one) needs a
 * larger {@code redis.timeout}; the projector, whose batches may take longer, sets {@code 5s}.
 *
 * <p>Present wherever micronaut-redis is; a process without it has no Redis connection to adjust.
 */
@Singleton
@Requires(classes = AbstractRedisConfiguration.class)
public class RedisTimeout implements BeanCreatedEventListener<AbstractRedisConfiguration> {

    /** The property of the timeout (micronaut-redis' own name, which it ignores when {@code redis.uri} is set). */
    public static final String PROPERTY = "redis.timeout";
    /** The timeout when the process sets none. */
    public static final Duration DEFAULT = Duration.ofSeconds(1);
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
