package io.sessionstream.auth.limits;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The Redis side of {@link RateLimits}: Bucket4j keeps each bucket's state as one binary string value, so it
 * gets its own {@code String → byte[]} connection from the application's {@link RedisClient}, closed with the
 * context.
 */
@Factory
@Requires(property = RateLimitConfiguration.ENABLED, notEquals = "false")
class BucketsFactory {

    static final String CONNECTION = "rate-limit-buckets";

    @Singleton
    @Named(CONNECTION)
    @Bean(preDestroy = "close")
    StatefulRedisConnection<String, byte[]> bucketsConnection(RedisClient client) {
        return client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    /**
     * Buckets by Redis key. A key expires once its bucket would be full again (a full bucket and a missing key are
     * the same thing), so limits leave nothing behind for long.
     */
    @Singleton
    ProxyManager<String> buckets(@Named(CONNECTION) StatefulRedisConnection<String, byte[]> connection,
                                 RateLimitConfiguration config) {
        return Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
                .requestTimeout(config.redisTimeout())
                .build();
    }
}
