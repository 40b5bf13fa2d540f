package io.sessionstream.auth;

import io.micronaut.runtime.Micronaut;
import io.sessionstream.auth.admin.AdminCommand;
import java.util.Arrays;

/**
 * Runs the auth-service, or with a command ({@code sessions}, {@code revoke}, {@code revoke-all}, {@code lag},
 * {@code help}), the {@linkplain AdminCommand admin command}. Arguments starting with {@code -}
 * ({@code --datasources.default.url=...}) are configuration, as for any Micronaut application.
 */
public final class AuthServiceApplication {

    /**
     * The Micronaut environment of the admin command: nothing that serves or consumes starts in it (no HTTP
     * server, no outbox relay, no invalidation consumer, no Kafka listener).
     */
    public static final String ADMIN_ENVIRONMENT = "admin";

    private AuthServiceApplication() {
    }

    public static void main(String[] args) {
        if (Arrays.stream(args).allMatch(a -> a.startsWith("-"))) {
            Micronaut.run(AuthServiceApplication.class, args);
            return;
        }
        useCommandLogging();
        System.exit(AdminCommand.run(args, System.out, System.err));
    }

    /**
     * Sends a command's log lines to standard error, warnings and errors only ({@code logback-admin.xml}), so that
     * standard output is the command's answer — unless a logback configuration was chosen. Runs before anything
     * creates a logger (a class with a static logger, such as AdminCommand, must not be loaded earlier).
     */
    private static void useCommandLogging() {
        if (System.getProperty("logback.configurationFile") == null && System.getProperty("logger.config") == null) {
            System.setProperty("logback.configurationFile", "logback-admin.xml");
        }
    }
}
