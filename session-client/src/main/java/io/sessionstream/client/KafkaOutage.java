package io.sessionstream.client;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;

/**
 * Says once that one of the session client's Kafka clients cannot do its work, and once that it can again,
 * instead of a line for every retry.
 *
 * <p>The first failure of a kind (its exception class) is one line: ERROR when Kafka refused the credentials or
 * a permission (an operator must act), WARN when it did not answer in time, each naming where and how the client
 * connects ({@link KafkaSettings#describe()}: never a credential), what the application does meanwhile, and which
 * settings to check. Any other failure is an ERROR with its stack trace. Repeats of the same kind are DEBUG.
 * Thread-safe: a producer reports from its I/O thread.
 */
final class KafkaOutage {

    private final Logger log;
    private final String client;
    private final String meanwhile;
    private final KafkaSettings kafka;
    private Class<?> loggedKind;

    /**
     * @param log       the logger of the class that owns the client
     * @param client    what the client does, as the start of a sentence ("Invalidation listener on session.invalidations")
     * @param meanwhile what the application does while it cannot ("the near cache is not trusted ...")
     */
    KafkaOutage(Logger log, String client, String meanwhile, KafkaSettings kafka) {
        this.log = log;
        this.client = client;
        this.meanwhile = meanwhile;
        this.kafka = kafka;
    }

    /** Reports a failure: one line for the first of its kind, DEBUG for the rest. */
    synchronized void failed(Throwable e) {
        String cause = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (e.getClass().equals(loggedKind)) {
            log.debug("{} still failing at {}: {}", client, kafka.describe(), cause);
            return;
        }
        loggedKind = e.getClass();
        String settings = SessionClientConfiguration.KAFKA_PREFIX + ".* or kafka.*";
        if (e instanceof AuthenticationException || e instanceof AuthorizationException) {
            log.error("{} cannot use Kafka at {}: {}. Meanwhile {}. Check the credentials in {} "
                    + "(security.protocol, sasl.*, ssl.*)", client, kafka.describe(), cause, meanwhile, settings);
        } else if (e instanceof InvalidationListener.TopicNotFound) {
            log.warn("{} cannot use Kafka at {}: {}. Meanwhile {}. Create the topic, or check {}",
                    client, kafka.describe(), cause, meanwhile, SessionClientConfiguration.PREFIX + ".invalidations-topic");
        } else if (e instanceof RetriableException) {
            log.warn("{} cannot reach Kafka at {}: {}. Meanwhile {}. Check that Kafka runs there, and bootstrap.servers "
                    + "and security.protocol in {}", client, kafka.describe(), cause, meanwhile, settings);
        } else {
            log.error("{} failed at {}: {}. Meanwhile {}", client, kafka.describe(), cause, meanwhile, e);
        }
    }

    /** Reports success; true if it ends an outage that was reported (for the caller's own line). */
    synchronized boolean succeeded() {
        boolean ended = loggedKind != null;
        loggedKind = null;
        return ended;
    }
}
