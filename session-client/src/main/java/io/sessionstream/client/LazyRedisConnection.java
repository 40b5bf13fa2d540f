package io.sessionstream.client;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.exceptions.BeanInstantiationException;
import jakarta.inject.Singleton;

/**
 * The application's Redis connection, opened on first use rather than when a bean is created: an instance that
 * starts while Redis is down answers "unavailable" for each use and connects once Redis is back, instead of
 * failing to create every bean that needs Redis.
 */
@Singleton
class LazyRedisConnection {

    private final BeanProvider<StatefulRedisConnection<String, String>> redis;
    private volatile StatefulRedisConnection<String, String> connection;

    LazyRedisConnection(BeanProvider<StatefulRedisConnection<String, String>> redis) {
        this.redis = redis;
    }

    /** The connection; throws Lettuce's {@code RedisException} if Redis cannot be reached. */
    StatefulRedisConnection<String, String> get() {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null) {
            try {
                c = redis.get();
            } catch (BeanInstantiationException e) {
                for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                    if (cause instanceof RedisException) {
                        throw new RedisConnectionException("Cannot connect to Redis: " + cause.getMessage(), cause);
                    }
                }
                throw e;
            }
            connection = c;
        }
        return c;
    }
}
