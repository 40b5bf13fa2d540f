package io.sessionstream.store;

import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Makes a Redis Cluster client follow the cluster's changes: when a master dies and its replica is promoted, or
 * slots move to another master, Lettuce learns the new topology from the redirections and the failed connections
 * it sees (adaptive refresh) and, at the latest, every {@value #PERIODIC_SECONDS} s (periodic refresh). Without it a
 * client keeps sending a dead master's slots to the dead master until it is restarted.
 */
@Singleton
@Requires(classes = RedisClusterClient.class)
class ClusterTopology implements BeanCreatedEventListener<RedisClusterClient> {

    static final int PERIODIC_SECONDS = 5;

    @Override
    public RedisClusterClient onCreated(BeanCreatedEvent<RedisClusterClient> event) {
        RedisClusterClient client = event.getBean();
        client.setOptions(ClusterClientOptions.builder()
                // Asynchronous commands time out too (the URI's timeout, RedisTimeout's): a command queued on the
                // connection of a master that just died otherwise waits for that connection, not for the timeout.
                .timeoutOptions(TimeoutOptions.enabled())
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofSeconds(PERIODIC_SECONDS))
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
                        .build())
                .build());
        return client;
    }
}
