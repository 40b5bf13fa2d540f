package io.sessionstream.client;

import io.micronaut.context.env.Environment;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka client properties of the session client's two clients, the invalidation consumer and the activity
 * producer, as {@link SessionClientConfiguration#KAFKA_PREFIX} documents them. Layers, each over the one before:
 *
 * <ol>
 *   <li>the library's defaults: {@code bootstrap.servers} {@value #DEFAULT_BOOTSTRAP_SERVERS}; for the producer
 *       {@code max.block.ms} 2 s, {@code request.timeout.ms} 5 s, {@code delivery.timeout.ms} 10 s (raised to
 *       {@code linger.ms + request.timeout.ms} when a larger request timeout is set and no delivery timeout);</li>
 *   <li>micronaut-kafka's {@code kafka.*}: what micronaut-kafka gives its own clients, that is every property under
 *       {@code kafka.} but its own sub-trees ({@code consumers}, {@code producers}, {@code streams},
 *       {@code embedded}) and switches ({@code health}, {@code enabled});</li>
 *   <li>{@code sessionstream.client.bootstrap-servers}, the older name of {@code bootstrap.servers} for this
 *       library alone;</li>
 *   <li>{@code sessionstream.client.kafka.*};</li>
 *   <li>the settings the guarantees rest on, which win over any of the above: {@link #FIXED_CONSUMER},
 *       {@link #FIXED_PRODUCER}, the (de)serializers, no consumer group and no transactions.</li>
 * </ol>
 *
 * <p>A property of one client only (a consumer's {@code max.poll.records}) is not handed to the other, so neither
 * logs it as unused. Environment variables arrive in every spelling Micronaut derives ({@code security.protocol}
 * and {@code security-protocol} for {@code ..._SECURITY_PROTOCOL}); Kafka's names have no hyphen, so a hyphenated
 * key whose dotted twin is present is dropped.
 *
 * <p>{@link #describe()} is what the library's log lines say about the connection: the bootstrap servers, the
 * security protocol and the SASL mechanism, never a credential.
 */
@Singleton
final class KafkaSettings {

    /** Where Kafka is when nothing says otherwise; micronaut-kafka's default too. */
    static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    /** The prefix of micronaut-kafka's settings. */
    static final String MICRONAUT_KAFKA_PREFIX = "kafka";
    /** The older, undocumented name of {@code sessionstream.client.kafka.bootstrap.servers}. */
    static final String LEGACY_BOOTSTRAP_SERVERS = SessionClientConfiguration.PREFIX + ".bootstrap-servers";

    /**
     * The invalidation consumer's fixed settings. {@code enable.auto.commit} false and (below) no {@code group.id}:
     * every instance reads every invalidation, with no rebalance delay. {@code auto.offset.reset} latest: the
     * listener itself positions at the end. {@code isolation.level} read_uncommitted: an invalidation can only
     * evict, so it is applied at once, never held back behind an open transaction. {@code fetch.min.bytes} 1: the
     * broker answers a fetch as soon as one invalidation is there. {@code allow.auto.create.topics} false: a topic
     * that is missing or misspelt is said (one WARN line, readiness DOWN), never created with the broker's default
     * partitions where the projector does not write.
     */
    static final Map<String, Object> FIXED_CONSUMER = Map.of(
            ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
            ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");

    /**
     * The activity producer's fixed settings. {@code linger.ms} 5 and {@code acks} 1: a touch is cheap and
     * best-effort (a lost one only makes a session look idle earlier), so it never waits for replicas; idempotence
     * needs {@code acks=all}, so it is off (a touch sent twice changes nothing).
     */
    static final Map<String, Object> FIXED_PRODUCER = Map.of(
            ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.ACKS_CONFIG, "1",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");

    private static final Map<String, Object> PRODUCER_DEFAULTS = Map.of(
            ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000",
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");

    /** Removed whatever sets them: no group, no transactions, and the library's own (de)serializers. */
    private static final Set<String> REMOVED_CONSUMER = Set.of(ConsumerConfig.GROUP_ID_CONFIG,
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
    private static final Set<String> REMOVED_PRODUCER = Set.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

    /** micronaut-kafka's own keys under {@code kafka.}, which are no Kafka client property. */
    private static final List<String> MICRONAUT_KAFKA_OWN = List.of("consumers", "producers", "streams", "embedded",
            "health", "enabled");

    private static final Set<String> CONSUMER_ONLY = difference(ConsumerConfig.configNames(), ProducerConfig.configNames());
    private static final Set<String> PRODUCER_ONLY = difference(ProducerConfig.configNames(), ConsumerConfig.configNames());

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSettings.class);

    private final Map<String, String> configured;
    private final Map<String, String> libraryOnly;

    @Inject
    KafkaSettings(Environment environment) {
        this(micronautKafka(environment),
                environment.getProperty(LEGACY_BOOTSTRAP_SERVERS, String.class).orElse(null),
                read(environment, SessionClientConfiguration.KAFKA_PREFIX));
    }

    /**
     * @param micronautKafka the properties under {@code kafka.}, without the prefix
     * @param legacyBootstrap {@code sessionstream.client.bootstrap-servers}, or null
     * @param libraryOnly     the properties under {@code sessionstream.client.kafka.}, without the prefix
     */
    KafkaSettings(Map<String, String> micronautKafka, String legacyBootstrap, Map<String, String> libraryOnly) {
        Map<String, String> layered = new HashMap<>();
        layered.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP_SERVERS);
        micronautKafka.forEach((key, value) -> {
            if (MICRONAUT_KAFKA_OWN.stream().noneMatch(own -> key.equals(own) || key.startsWith(own + "."))) {
                layered.put(key, value);
            }
        });
        if (legacyBootstrap != null) {
            layered.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, legacyBootstrap);
        }
        layered.putAll(libraryOnly);
        this.configured = Map.copyOf(layered);
        this.libraryOnly = Map.copyOf(libraryOnly);
    }

    /**
     * The invalidation consumer's properties: {@code client.id} is the configured one with {@code -role} appended,
     * else {@code fallbackClientId}.
     */
    Map<String, Object> consumer(String role, String fallbackClientId) {
        warnIgnored(FIXED_CONSUMER, REMOVED_CONSUMER, "consumer");
        Map<String, Object> p = new HashMap<>();
        configured.forEach((key, value) -> {
            if (!PRODUCER_ONLY.contains(key) && !REMOVED_CONSUMER.contains(key)) {
                p.put(key, value);
            }
        });
        p.putAll(FIXED_CONSUMER);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId(role, fallbackClientId));
        return p;
    }

    /**
     * The activity producer's properties: {@code client.id} is the configured one with {@code -role} appended,
     * else {@code fallbackClientId}.
     */
    Map<String, Object> producer(String role, String fallbackClientId) {
        warnIgnored(FIXED_PRODUCER, REMOVED_PRODUCER, "producer");
        Map<String, Object> p = new HashMap<>(PRODUCER_DEFAULTS);
        configured.forEach((key, value) -> {
            if (!CONSUMER_ONLY.contains(key) && !REMOVED_PRODUCER.contains(key)) {
                p.put(key, value);
            }
        });
        p.putAll(FIXED_PRODUCER);
        if (!configured.containsKey(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)) {
            // Kafka refuses a delivery timeout below linger + request timeout; only ours can be, after a user's request timeout.
            long needed = Long.parseLong(p.get(ProducerConfig.LINGER_MS_CONFIG).toString().trim())
                    + Long.parseLong(p.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG).toString().trim());
            long delivery = Long.parseLong(PRODUCER_DEFAULTS.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG).toString());
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(delivery, needed)));
        }
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId(role, fallbackClientId));
        return p;
    }

    /** The bootstrap servers, as configured. */
    String bootstrapServers() {
        return configured.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** Where and how the clients connect, for log lines: never a credential. */
    String describe() {
        String protocol = configured.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL);
        String described = bootstrapServers() + " (" + CommonClientConfigs.SECURITY_PROTOCOL_CONFIG + "=" + protocol;
        if (protocol.toUpperCase(java.util.Locale.ROOT).startsWith("SASL")) {
            described += ", " + SaslConfigs.SASL_MECHANISM + "="
                    + configured.getOrDefault(SaslConfigs.SASL_MECHANISM, SaslConfigs.DEFAULT_SASL_MECHANISM);
        }
        return described + ")";
    }

    /** The configured {@code client.id} with the client's role appended, else the fallback. */
    private String clientId(String role, String fallback) {
        String configuredId = configured.get(CommonClientConfigs.CLIENT_ID_CONFIG);
        return configuredId == null || configuredId.isBlank() ? fallback : configuredId + "-" + role;
    }

    /** One line for each fixed setting someone set for this library alone: it has no effect. Values are no secrets. */
    private void warnIgnored(Map<String, Object> fixed, Set<String> removed, String client) {
        Set<String> ignored = new TreeSet<>();
        libraryOnly.forEach((key, value) -> {
            if (removed.contains(key) || (fixed.containsKey(key) && !fixed.get(key).toString().equalsIgnoreCase(value.trim()))) {
                ignored.add(key);
            }
        });
        for (String key : ignored) {
            LOG.warn("{}.{} is ignored for the session client's {}: {}", SessionClientConfiguration.KAFKA_PREFIX, key,
                    client, fixed.containsKey(key) ? "it is fixed at " + fixed.get(key) : "the library sets it itself");
        }
    }

    private static Map<String, String> micronautKafka(Environment environment) {
        return read(environment, MICRONAUT_KAFKA_PREFIX);
    }

    /**
     * The properties under {@code prefix}, as strings (a list joined with commas), without the environment
     * variables' hyphenated spellings and the list's indexed entries ({@code bootstrap.servers[0]}).
     */
    static Map<String, String> read(Environment environment, String prefix) {
        if (!environment.containsProperties(prefix)) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        environment.getProperties(prefix).forEach((key, value) -> {
            if (value != null && !(value instanceof Map) && !key.contains("[")) {
                values.put(key, asString(value));
            }
        });
        return withoutHyphenatedTwins(values);
    }

    static Map<String, String> withoutHyphenatedTwins(Map<String, String> values) {
        return values.entrySet().stream()
                .filter(e -> !e.getKey().contains("-") || !values.containsKey(e.getKey().replace('-', '.')))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static String asString(Object value) {
        if (value instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return Set.copyOf(result);
    }
}
