package io.sessionstream.audit;

import io.micronaut.runtime.Micronaut;

/**
 * session-audit: an example of a consumer built only on the published event contract (session-events), in a team
 * of its own. It reads {@code session.events} in its own consumer group, appends every event to PostgreSQL once
 * (by its CloudEvent id), and answers who was signed in as a user at a given time, and from where. See
 * docs/integrate.md.
 */
public final class AuditApplication {

    private AuditApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(AuditApplication.class, args);
    }
}
