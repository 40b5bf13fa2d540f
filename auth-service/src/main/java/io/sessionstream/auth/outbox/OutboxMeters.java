package io.sessionstream.auth.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sessionstream.outbox.backlog}: outbox rows committed but not yet published to Kafka, read
 * from PostgreSQL at each scrape (one indexed count). It grows while Kafka is unreachable or no relay
 * leads; -1 if PostgreSQL does not answer.
 */
@Singleton
class OutboxMeters implements MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxMeters.class);

    private final OutboxRepository outbox;

    OutboxMeters(OutboxRepository outbox) {
        this.outbox = outbox;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("sessionstream.outbox.backlog", this, OutboxMeters::backlog)
                .description("Outbox rows committed but not yet published")
                .register(registry);
    }

    private double backlog() {
        try {
            return outbox.countUnpublished();
        } catch (RuntimeException e) {
            LOG.warn("Outbox backlog not readable: {}", e.toString());
            return -1;
        }
    }
}
