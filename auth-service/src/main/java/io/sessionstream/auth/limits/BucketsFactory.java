package io.sessionstream.auth.limits;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce.LettuceBasedProxyManagerBuilder;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.sessionstream.store.StoreConnection;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The Redis side of {@link RateLimits}: Bucket4j keeps each bucket's state as one binary string value, so it
 * gets its own {@code String → byte[]} connection from the application's Redis client ({@link StoreConnection}: a
 * single Redis or a Redis Cluster, where each bucket's one key lives in its own slot), closed with the context.
 */
@Factory
@Requires(property = RateLimitConfiguration.ENABLED, notEquals = "false")
class BucketsFactory {

    static final String CONNECTION = "rate-limit-buckets";

    @Singleton
    @Named(CONNECTION)
    @Bean(preDestroy = "close")
    StatefulConnection<String, byte[]> bucketsConnection(StoreConnection redis) {
        return redis.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    /**
     * Buckets by Redis key. A key expires once its bucket would be full again (a full bucket and a missing key are
     * the same thing), so limits leave nothing behind for long.
     */
    @Singleton
    ProxyManager<String> buckets(@Named(CONNECTION) StatefulConnection<String, byte[]> connection,
                                 RateLimitConfiguration config) {
        LettuceBasedProxyManagerBuilder<String> builder = connection instanceof StatefulRedisClusterConnection<String, byte[]> cluster
                ? Bucket4jLettuce.casBasedBuilder(cluster)
                : Bucket4jLettuce.casBasedBuilder((StatefulRedisConnection<String, byte[]>) connection);
        return builder
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
                .requestTimeout(config.redisTimeout())
                .build();
    }
}
