package io.sessionstream.projector;

import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * Makes {@code redis.timeout} apply when {@code redis.uri} is set, which it always is here (the default
 * configuration and every deployment give a URI). micronaut-redis 6.9 builds the client from the parsed
 * URI alone ({@code RedisClient.create(uri)}) and drops {@code redis.timeout}, so without this every
 * command waits Lettuce's 60 s default on a dead Redis, and a batch fails only after a minute instead of
 * being retried ({@link BatchRetry}) within seconds. Lettuce 6 times out async commands too, with this
 * same connection timeout. A {@code ?timeout=} in the URI is overridden when {@code redis.timeout} is set.
 */
@Singleton
class RedisTimeout implements BeanCreatedEventListener<AbstractRedisConfiguration> {

    static final String PROPERTY = "redis.timeout";

    private final Optional<Duration> timeout;

    RedisTimeout(Environment environment) {
        this.timeout = environment.getProperty(PROPERTY, Duration.class);
    }

    @Override
    public AbstractRedisConfiguration onCreated(BeanCreatedEvent<AbstractRedisConfiguration> event) {
        AbstractRedisConfiguration config = event.getBean();
        timeout.ifPresent(t -> {
            config.getUri().ifPresent(uri -> uri.setTimeout(t));
            config.getUris().forEach(uri -> uri.setTimeout(t));
            config.getReplicaUris().forEach(uri -> uri.setTimeout(t));
        });
        return config;
    }
}
