package io.sessionstream.auth;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what anonymous requests leave behind once it can no longer matter, every hour on every instance (the deletes are idempotent): expired
 * password reset rows and devices that were not used within the trusted-device lifetime. Each feature says what
 * it forgets ({@link Chore}).
 */
@Singleton
@Requires(notEnv = Environments.ADMIN)
public class Housekeeping {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    /** Something to forget. */
    public interface Chore {
        /** What it deletes, for the log line. */
        String choreName();

        /** Deletes; returns how many rows. */
        int runChore();
    }

    private final List<Chore> chores;

    Housekeeping(List<Chore> chores) {
        this.chores = chores;
    }

    @Scheduled(fixedDelay = "1h", initialDelay = "1m")
    void run() {
        for (Chore chore : chores) {
            try {
                int deleted = chore.runChore();
                if (deleted > 0) {
                    LOG.info("Housekeeping deleted {} {}", deleted, chore.choreName());
                }
            } catch (RuntimeException e) {
                LOG.warn("Housekeeping could not delete {}; it retries at the next run", chore.choreName(), e);
            }
        }
    }
}
