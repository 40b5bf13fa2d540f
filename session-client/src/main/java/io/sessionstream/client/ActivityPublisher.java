package io.sessionstream.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micronaut.context.env.Environment;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.SessionTouched;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports session activity on {@code session.activity}: at most one {@link SessionTouched} per
 * session per touch interval from this instance (ARCHITECTURE §6), so the projector can extend
 * the idle expiry. Publishing happens on a background thread with a bounded queue: a request
 * never waits for Kafka, and if Kafka is slow or down touches are dropped (a dropped touch
 * only makes a session look idle earlier — the safe direction). The throttle's interval is measured
 * by the injected {@link Ticker}.
 */
@Singleton
class ActivityPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ActivityPublisher.class);

    private final boolean enabled;
    private final String topic;
    private final String source;
    private final Clock clock;
    private final EventCodec codec = new EventCodec();
    private final Cache<String, Boolean> recentlyTouched;
    private final ThreadPoolExecutor sender;
    private final KafkaProducer<String, byte[]> producer;

    ActivityPublisher(SessionClientConfiguration config, Environment environment, Clock clock, Ticker ticker) {
        Duration interval = config.touchInterval();
        this.enabled = !interval.isZero() && !interval.isNegative();
        this.topic = config.activityTopic();
        this.source = environment.getProperty("micronaut.application.name", String.class).orElse("session-client");
        this.clock = clock;
        this.recentlyTouched = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(config.nearCacheMaxSize())
                .expireAfterWrite(enabled ? interval : Duration.ofSeconds(1))
                .build();
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(10_000),
                r -> {
                    Thread t = new Thread(r, "session-activity");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.DiscardPolicy());
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBootstrap.servers(environment),
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                ProducerConfig.CLIENT_ID_CONFIG, "activity-" + Long.toHexString(System.nanoTime())),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Notes that the session was just used; publishes a touch unless one went out within the interval. */
    void touched(SessionPrincipal principal) {
        if (!enabled || recentlyTouched.asMap().putIfAbsent(principal.sessionId(), Boolean.TRUE) != null) {
            return;
        }
        Instant now = clock.instant();
        sender.execute(() -> publish(new SessionTouched(principal.userId(), principal.sessionId(), now)));
    }

    private void publish(SessionTouched touch) {
        try {
            producer.send(codec.toRecord(topic, codec.encode(new Envelope<>(
                    EventMetadata.now(source, null, clock), touch))), (metadata, e) -> {
                if (e != null) {
                    LOG.warn("Touch of session {} not published to {}: {}", touch.sessionId(), topic, e.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Touch of session {} not published to {}: {}", touch.sessionId(), topic, e.toString());
        }
    }

    @PreDestroy
    void close() throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(2, TimeUnit.SECONDS);
        producer.close(Duration.ofSeconds(2));
    }
}
