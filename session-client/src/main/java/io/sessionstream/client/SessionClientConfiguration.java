package io.sessionstream.client;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/**
 * Settings of the session client, under {@value #PREFIX}.
 *
 * @param redisPrefix         prefix of every Redis key (default {@code ss:}); must match the projector's
 * @param invalidationsTopic  the broadcast topic (default {@code session.invalidations})
 * @param cacheMode           {@code NEAR} (default) or {@code OFF}
 * @param nearCacheMaxSize    most sessions held in memory (default 100000)
 * @param nearCacheTtl        longest a session stays in memory without a Redis read (default 10 min)
 * @param tombstoneTtl        how long a revoked sid is remembered; longer than any Redis read (default 10 min)
 * @param activityTopic       where touches go (default {@code session.activity})
 * @param touchInterval       at most one touch per session per this interval from one instance (default 1 min;
 *                            0 switches touches off); keep it well below the idle timeout
 * @param cookieName          session cookie name on plain http (default {@code ss_session}); over https the
 *                            {@code __Host-} prefixed name is also read
 * @param trustBound          the near cache is trusted only while the invalidation consumer has caught up with
 *                            the broadcast within this bound (default 2 s); past it the cache is emptied and every
 *                            request goes to Redis until the consumer catches up again (ARCHITECTURE §6)
 */
@ConfigurationProperties(SessionClientConfiguration.PREFIX)
public record SessionClientConfiguration(
        @Bindable(defaultValue = "ss:") @NotBlank String redisPrefix,
        @Bindable(defaultValue = "session.invalidations") @NotBlank String invalidationsTopic,
        @Bindable(defaultValue = "NEAR") @NotNull CacheMode cacheMode,
        @Bindable(defaultValue = "100000") @Positive long nearCacheMaxSize,
        @Bindable(defaultValue = "10m") @NotNull Duration nearCacheTtl,
        @Bindable(defaultValue = "10m") @NotNull Duration tombstoneTtl,
        @Bindable(defaultValue = "session.activity") @NotBlank String activityTopic,
        @Bindable(defaultValue = "1m") @NotNull Duration touchInterval,
        @Bindable(defaultValue = "ss_session") @NotBlank String cookieName,
        @Bindable(defaultValue = "2s") @NotNull Duration trustBound) {

    /** The configuration prefix. */
    public static final String PREFIX = "sessionstream.client";

    /**
     * Any Kafka client property for the session client's own two clients, the invalidation consumer and the
     * activity producer: {@code sessionstream.client.kafka.security.protocol=SASL_SSL},
     * {@code sessionstream.client.kafka.sasl.mechanism}, {@code .sasl.jaas.config}, {@code .ssl.*},
     * {@code .client.id}, {@code .bootstrap.servers}, …
     *
     * <p>They are laid over micronaut-kafka's {@code kafka.*} (what it gives its own clients: everything under
     * {@code kafka.} but {@code consumers}, {@code producers}, {@code streams}, {@code embedded}, {@code health}),
     * so an application already configured for micronaut-kafka needs nothing more; {@code bootstrap.servers}
     * defaults to {@code localhost:9092}. A configured {@code client.id} gets {@code -invalidations} or
     * {@code -activity} appended. A property of one client only is not handed to the other.
     *
     * <p>What the guarantees rest on wins over any value set here or under {@code kafka.*}:
     * <ul>
     *   <li>consumer: no {@code group.id} or {@code group.instance.id} (every instance reads every invalidation,
     *       from the end of the log), {@code enable.auto.commit=false}, {@code auto.offset.reset=latest},
     *       {@code isolation.level=read_uncommitted} (an invalidation only evicts, so it is never held back behind
     *       an open transaction), {@code fetch.min.bytes=1} (no batching delay), {@code allow.auto.create.topics=false} (a missing
     *       topic is said, not created where nobody writes), its own deserializers;</li>
     *   <li>producer: {@code acks=1}, {@code linger.ms=5}, {@code enable.idempotence=false} (a touch is
     *       best-effort and idempotent), no {@code transactional.id}, its own serializers.</li>
     * </ul>
     * A fixed property set here is ignored with a WARN naming it. The producer's {@code max.block.ms} (2 s),
     * {@code request.timeout.ms} (5 s) and {@code delivery.timeout.ms} (10 s) are defaults, settable. The library's
     * log lines name the bootstrap servers, the security protocol and the SASL mechanism, never a credential.
     */
    public static final String KAFKA_PREFIX = PREFIX + ".kafka";

    /**
     * Set to {@code false} to start no invalidation consumer (default {@code true}): for a process that runs
     * commands and serves no requests, such as the auth-service's admin command. Without it the near cache is
     * never trusted ({@link CacheTrust}), so any validation goes to Redis, and there is no
     * {@code sessionInvalidations} readiness indicator.
     */
    public static final String INVALIDATION_LISTENER_ENABLED = PREFIX + ".invalidation-listener.enabled";
}
