package io.sessionstream.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.SessionTouched;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports session activity on {@code session.activity}: at most one {@link SessionTouched} per
 * session per touch interval from this instance (ARCHITECTURE §6), so the projector can extend
 * the idle expiry. Publishing happens on a background thread with a bounded queue: a request
 * never waits for Kafka, and if Kafka is slow or down touches are dropped (a dropped touch
 * only makes a session look idle earlier — the safe direction).
 *
 * <p>The producer ({@link ActivityProducer}) comes from {@link KafkaClientFactory}, configured by
 * {@code sessionstream.client.kafka.*} over {@code kafka.*}, on the first touch (with touches off, none is
 * created), and is closed by the context after this. Touches that cannot be published are said once until one is
 * again ({@link KafkaOutage}); touches cut short by the shutdown are not. The throttle's interval is measured by
 * the injected {@link Ticker}.
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
    private final BeanProvider<ActivityProducer> producers;
    private final KafkaOutage outage;
    /** The producer, once the sender thread (its only user) has obtained it. */
    private ActivityProducer producer;
    private volatile boolean closing;

    /**
     * @param source the events' {@code source}: the application's name
     */
    ActivityPublisher(SessionClientConfiguration config, @Value("${micronaut.application.name:session-client}") String source,
                      Clock clock, Ticker ticker, BeanProvider<ActivityProducer> producers, KafkaSettings kafka) {
        Duration interval = config.touchInterval();
        this.enabled = !interval.isZero() && !interval.isNegative();
        this.topic = config.activityTopic();
        this.source = source;
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
        this.producers = producers;
        this.outage = new KafkaOutage(LOG, "Activity publisher on " + topic,
                "touches are dropped (sessions may look idle to the projector earlier)", kafka);
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
            if (producer == null) {
                producer = producers.get();
            }
            producer.send(codec.toRecord(topic, codec.encode(new Envelope<>(
                    EventMetadata.now(source, null, clock), touch))), (metadata, e) -> {
                if (e != null && closing) {
                    LOG.debug("Touch of session {} dropped at shutdown: {}", touch.sessionId(), e.toString());
                } else if (e != null) {
                    outage.failed(e);
                } else if (outage.succeeded()) {
                    LOG.info("Activity publisher on {}: touches are published again", topic);
                }
            });
        } catch (RuntimeException e) {
            outage.failed(e);
        }
    }

    /** Stops the sender thread; the context closes the producer afterwards ({@link ActivityProducer#close()}). */
    @PreDestroy
    void close() throws InterruptedException {
        closing = true;
        sender.shutdown();
        sender.awaitTermination(2, TimeUnit.SECONDS);
    }
}
