package io.sessionstream.client;

import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * Makes {@code redis.timeout} apply when {@code redis.uri} is set. micronaut-redis 6.9 builds the client
 * from the parsed URI alone and drops {@code redis.timeout}, so without this a validation that must read
 * Redis waits Lettuce's 60 s default when Redis stops answering (Lettuce queues commands while it
 * reconnects), instead of failing closed with 503 within the timeout. Set {@code redis.timeout} (app-demo
 * and auth-service use 1 s); a {@code ?timeout=} in the URI is overridden when it is set.
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
