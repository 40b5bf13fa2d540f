package io.sessionstream.auth.outbox;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

/**
 * Where an appended event stands: for a caller that commits events in a process without a relay (the admin
 * command) and must report when a running auth-service's relay has published them.
 */
@Singleton
public class OutboxProgress {

    private final OutboxRepository repository;

    OutboxProgress(OutboxRepository repository) {
        this.repository = repository;
    }

    /** The outbox id of the event the current transaction appended last; call it only after an append in it. */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public long lastAppendedId() {
        return repository.lastAppendedId();
    }

    /** Whether the relay has published the row: it is on Kafka. */
    public boolean isPublished(long outboxId) {
        return repository.isPublished(outboxId);
    }
}
