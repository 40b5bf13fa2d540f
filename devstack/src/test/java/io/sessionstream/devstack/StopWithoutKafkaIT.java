package io.sessionstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The careless operator's order: Kafka stopped first, then the services. A service asked to stop (SIGTERM) must stop
 * within its bound, even though its Kafka clients can no longer reach a broker to commit, leave their group or flush.
 * The stack runs on a broker of its own, which the test stops.
 */
class StopWithoutKafkaIT {

    /**
     * The projector's stop bound (8 s, {@code ProjectorApplication.STOP_BOUND}; the other services stop in under a
     * second), and room for a loaded machine. Without the bound, the projector took 30 s: its consumers' close waits
     * that long for a coordinator.
     */
    private static final Duration BOUND = Duration.ofSeconds(25);

    private static Stack stack;

    @BeforeAll
    static void startStack() {
        stack = TestStacks.startOnItsOwnBroker("stop-without-kafka", 1, Map.of());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyService_stopsWithinItsBound_whenKafkaIsGone() {
        stack.kafka().close();
        List<String> services = List.of("session-projector", "auth-service", "app-1");
        Map<String, Long> stoppedMs = new LinkedHashMap<>();
        long start = System.nanoTime();
        services.forEach(name -> stack.process(name).requestStop());
        try {
            await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).until(() -> {
                for (String name : services) {
                    if (!stoppedMs.containsKey(name) && stack.process(name).exited()) {
                        stoppedMs.put(name, (System.nanoTime() - start) / 1_000_000);
                    }
                }
                return stoppedMs.size() == services.size();
            });
        } catch (ConditionTimeoutException e) {
            // Named below, with the times of those that did stop.
        }
        System.out.println("Stopped without Kafka, ms from SIGTERM: " + stoppedMs);
        assertThat(stoppedMs).as("ms from SIGTERM to exit, of those that exited within %s", BOUND)
                .containsOnlyKeys(services);
    }
}
