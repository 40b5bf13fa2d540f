package io.sessionstream.projector;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The topic id of each topic the projector fences (Kafka's {@code Uuid}, new for every incarnation of a topic
 * name), from the Admin API, kept until {@link #forgetAll()} — on every partition assignment — or until asked
 * for {@link #current} again. A lookup waits at most 10 s; a failure fails the batch, which is retried.
 */
@Singleton
class TopicIds {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final Map<String, Uuid> known = new ConcurrentHashMap<>();

    TopicIds(Admin admin) {
        this.admin = admin;
    }

    /** The topic's id as last looked up, looking it up if not known. */
    Uuid of(String topic) {
        Uuid id = known.get(topic);
        return id != null ? id : current(topic);
    }

    /** The topic's id as Kafka has it now (one Admin call); remembered for {@link #of}. */
    Uuid current(String topic) {
        Uuid id = lookUp(topic);
        known.put(topic, id);
        return id;
    }

    /** Forgets every id: the next {@link #of} looks it up again. */
    void forgetAll() {
        known.clear();
    }

    private Uuid lookUp(String topic) {
        try {
            return admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .topicNameValues().get(topic).get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS).topicId();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up the topic id of " + topic, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("topic " + topic + " does not exist", e.getCause());
            }
            throw new IllegalStateException("looking up the topic id of " + topic + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("looking up the topic id of " + topic + ": no answer from Kafka within "
                    + TIMEOUT.toSeconds() + " s", e);
        }
    }
}
