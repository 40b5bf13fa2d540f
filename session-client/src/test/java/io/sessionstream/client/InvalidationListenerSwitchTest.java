package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The switch for processes that serve no requests: no invalidation consumer, and nothing that needs one. */
class InvalidationListenerSwitchTest {

    @Test
    void listenerSwitchedOff_startsNoConsumer_andHasNoReadinessIndicatorThatNeedsIt() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                SessionClientConfiguration.INVALIDATION_LISTENER_ENABLED, "false",
                // Nothing listens here: a consumer that started anyway could not be positioned.
                "kafka.bootstrap.servers", "127.0.0.1:9"))) {

            assertThat(context.findBean(InvalidationListener.class)).isEmpty();
            assertThat(context.findBean(InvalidationConsumer.class)).as("no Kafka consumer is created").isEmpty();
            assertThat(context.findBean(InvalidationListenerHealth.class)).isEmpty();
            assertThat(context.findBean(CacheTrust.class)).get()
                    .satisfies(trust -> assertThat(trust.isTrusted()).isFalse());
        }
    }
}
