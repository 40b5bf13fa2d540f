package io.sessionstream.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/** {@code MEMORY USAGE} of keys the projector wrote, read with Lettuce. */
final class RedisMemory {

    private RedisMemory() {
    }

    /** Bytes Redis reports for {@code key}; fails if the key does not exist. */
    static long usage(String redisUri, String key) {
        RedisClient client = RedisClient.create(redisUri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            Long bytes = c.sync().memoryUsage(key);
            if (bytes == null) {
                throw new IllegalStateException("no key " + key + " in Redis");
            }
            return bytes;
        } finally {
            client.shutdown();
        }
    }
}
