package io.sessionstream.auth;

/** The Micronaut environments the auth-service's jar runs in besides the default one. */
public final class Environments {

    /**
     * The environment of the admin command: nothing that serves or consumes starts in it (no HTTP server, no outbox
     * relay, no housekeeping, no invalidation consumer, no Kafka listener).
     */
    public static final String ADMIN = "admin";

    private Environments() {
    }
}
