package io.sessionstream.store;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.BeanInstantiationException;
import jakarta.inject.Inject;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The process's connection to the read model's Redis: a single Redis ({@code redis.uri}, micronaut-redis'
 * {@code RedisClient}) or a Redis Cluster ({@code redis.uris}, several seed URIs, micronaut-redis'
 * {@code RedisClusterClient}; the environment variable {@code REDIS_URIS=redis://h:p,redis://h:p,...}). Everything
 * that reads or writes the read model goes through {@link #sync()} and {@link #async()}: Lettuce's command interfaces
 * that both kinds of connection implement, so the same code runs on both. On a cluster, Lettuce routes each command
 * to the master of its key's slot and follows the cluster's redirections; the keys ({@link RedisLayout}) are designed
 * so that each script's keys share one slot.
 *
 * <p>Opened on first use rather than when a bean is created: a process that starts while Redis is down answers
 * "unavailable" for each use and connects once Redis is back, instead of failing to create every bean that needs
 * Redis. A failure to connect is Lettuce's {@link RedisConnectionException}.
 *
 * <p>Created with the context, so that settings that can never connect fail the process's start with what to fix,
 * rather than each request: an empty {@code redis.uris} (an exported but empty {@code REDIS_URIS}).
 */
@Context
@Requires(classes = AbstractRedisConfiguration.class)
public class StoreConnection {

    /** micronaut-redis' property of a cluster's seed URIs; set, it replaces {@code redis.uri}. */
    public static final String CLUSTER_URIS = "redis.uris";

    private final boolean cluster;
    private final BeanProvider<StatefulRedisConnection<String, String>> standalone;
    private final BeanProvider<StatefulRedisClusterConnection<String, String>> clustered;
    private final BeanProvider<RedisClient> standaloneClient;
    private final BeanProvider<RedisClusterClient> clusterClient;
    private volatile Commands commands;

    private record Commands(StatefulConnection<String, String> connection, RedisClusterCommands<String, String> sync,
                            RedisClusterAsyncCommands<String, String> async) {
    }

    @Inject
    StoreConnection(Environment environment,
                    BeanProvider<StatefulRedisConnection<String, String>> standalone,
                    BeanProvider<StatefulRedisClusterConnection<String, String>> clustered,
                    BeanProvider<RedisClient> standaloneClient,
                    BeanProvider<RedisClusterClient> clusterClient) {
        this(clusterConfigured(environment), standalone, clustered, standaloneClient, clusterClient);
    }

    private static boolean clusterConfigured(Environment environment) {
        if (!environment.containsProperty(CLUSTER_URIS)) {
            return false;
        }
        if (environment.getProperty(CLUSTER_URIS, String.class).map(String::isBlank).orElse(true)) {
            throw new ConfigurationException(CLUSTER_URIS + " (REDIS_URIS) is set but empty: give a Redis Cluster's seed "
                    + "URIs (redis://host:port,redis://host:port,...), or unset it to use redis.uri");
        }
        return true;
    }

    private StoreConnection(boolean cluster,
                            BeanProvider<StatefulRedisConnection<String, String>> standalone,
                            BeanProvider<StatefulRedisClusterConnection<String, String>> clustered,
                            BeanProvider<RedisClient> standaloneClient,
                            BeanProvider<RedisClusterClient> clusterClient) {
        this.cluster = cluster;
        this.standalone = standalone;
        this.clustered = clustered;
        this.standaloneClient = standaloneClient;
        this.clusterClient = clusterClient;
    }

    /**
     * The connection of a single Redis that {@code connection} opens, without an application context (a test of what
     * a process does when Redis cannot be reached). It has no client for pub/sub or other codecs.
     */
    public static StoreConnection standalone(BeanProvider<StatefulRedisConnection<String, String>> connection) {
        BeanProvider<RedisClient> noClient = () -> {
            throw new IllegalStateException("a StoreConnection made of a connection alone has no client");
        };
        return new StoreConnection(false, connection, () -> {
            throw new IllegalStateException("not a cluster");
        }, noClient, () -> {
            throw new IllegalStateException("not a cluster");
        });
    }

    /** Whether the read model is on a Redis Cluster ({@code redis.uris} set). */
    public boolean isCluster() {
        return cluster;
    }

    /** Synchronous commands; throws Lettuce's {@code RedisException} if Redis cannot be reached. */
    public RedisClusterCommands<String, String> sync() {
        return commands().sync();
    }

    /** Asynchronous (pipelined) commands; throws Lettuce's {@code RedisException} if Redis cannot be reached. */
    public RedisClusterAsyncCommands<String, String> async() {
        return commands().async();
    }

    /**
     * A new pub/sub connection, which the caller closes. On a cluster, {@code PUBLISH} reaches the subscribers of
     * every node, so subscribing through one node hears every publisher.
     */
    public StatefulRedisPubSubConnection<String, String> connectPubSub() {
        return opening(() -> cluster ? clusterClient.get().connectPubSub() : standaloneClient.get().connectPubSub());
    }

    /** A new connection with another codec (Bucket4j's binary values), which the caller closes. */
    public <V> StatefulConnection<String, V> connect(RedisCodec<String, V> codec) {
        return opening(() -> cluster ? clusterClient.get().connect(codec) : standaloneClient.get().connect(codec));
    }

    /**
     * Waits until every write this process sent so far has reached at least one replica of its master ({@code WAIT 1}
     * on each master that has a replica), so that a write counted as done survives the failover of its master: Redis
     * replicates asynchronously, and a master killed before its replica got a write loses it when the replica is
     * promoted. On a single Redis it completes at once. Completes exceptionally when a master's replica did not
     * acknowledge within {@code timeout} (the caller retries; a master whose replicas are all down or unknown is
     * skipped, as there is nothing to wait for).
     *
     * <p>{@code WAIT} counts the writes of the connection it is sent on, so it goes to the connection by which Lettuce
     * routes the slots of that master (by host and port).
     */
    public CompletableFuture<Void> awaitReplicated(Duration timeout) {
        if (!cluster) {
            return CompletableFuture.completedFuture(null);
        }
        StatefulRedisClusterConnection<String, String> connection =
                (StatefulRedisClusterConnection<String, String>) commands().connection();
        Partitions partitions = connection.getPartitions();
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (RedisClusterNode node : partitions) {
            if (!node.is(RedisClusterNode.NodeFlag.UPSTREAM) || node.getSlots().isEmpty() || !hasLiveReplica(partitions, node)) {
                continue;
            }
            RedisURI uri = node.getUri();
            waits.add(connection.getConnectionAsync(uri.getHost(), uri.getPort())
                    .thenCompose(c -> c.async().waitForReplication(1, timeout.toMillis()).toCompletableFuture())
                    .thenAccept(acknowledged -> {
                        if (acknowledged < 1) {
                            throw new RedisException("no replica of the master at " + uri.getHost() + ":" + uri.getPort()
                                    + " acknowledged the writes within " + timeout);
                        }
                    }));
        }
        return CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
    }

    private static boolean hasLiveReplica(Partitions partitions, RedisClusterNode master) {
        for (RedisClusterNode node : partitions) {
            if (node.is(RedisClusterNode.NodeFlag.REPLICA) && master.getNodeId().equals(node.getSlaveOf())
                    && !node.is(RedisClusterNode.NodeFlag.FAIL) && !node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)) {
                return true;
            }
        }
        return false;
    }

    private Commands commands() {
        Commands c = commands;
        if (c == null) {
            synchronized (this) {
                c = commands;
                if (c == null) {
                    c = opening(this::open);
                    commands = c;
                }
            }
        }
        return c;
    }

    private Commands open() {
        if (cluster) {
            StatefulRedisClusterConnection<String, String> connection = clustered.get();
            return new Commands(connection, connection.sync(), connection.async());
        }
        StatefulRedisConnection<String, String> connection = standalone.get();
        return new Commands(connection, connection.sync(), connection.async());
    }

    /** Runs {@code open}, turning a bean that could not be created because Redis is unreachable into Lettuce's error. */
    private static <T> T opening(Supplier<T> open) {
        try {
            return open.get();
        } catch (BeanInstantiationException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof RedisException) {
                    throw new RedisConnectionException("Cannot connect to Redis: " + cause.getMessage(), cause);
                }
            }
            throw e;
        }
    }
}
