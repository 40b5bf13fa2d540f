package io.sessionstream.projector;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code rebuild} command: runs a {@link Rebuild} in a context of the
 * {@value ProjectorApplication#COMMAND_ENVIRONMENT} environment (no listener, no HTTP server), prints its
 * one-line summary, and answers the exit code: 0 done, 2 refused (a projector is running; nothing changed), 1 failed (the message says whether the
 * projection was changed and what to do).
 */
final class RebuildCommand {

    static final String NAME = "rebuild";
    static final int DONE = 0;
    static final int FAILED = 1;
    static final int REFUSED = 2;

    private static final Logger LOG = LoggerFactory.getLogger(RebuildCommand.class);

    private RebuildCommand() {
    }

    /** Runs the rebuild with the context {@code builder} describes (its properties: the projector's). */
    static int run(ApplicationContextBuilder builder, PrintStream out, PrintStream err) {
        try (ApplicationContext context = builder.environments(ProjectorApplication.COMMAND_ENVIRONMENT).start()) {
            out.println(context.getBean(Rebuild.class).run());
            return DONE;
        } catch (Rebuild.Refused e) {
            err.println("rebuild refused: " + e.getMessage());
            return REFUSED;
        } catch (Rebuild.Failed e) {
            LOG.error("Rebuild failed", e);
            err.println("rebuild failed: " + e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            LOG.error("Rebuild could not start", e);
            err.println("rebuild failed: could not start (nothing was changed): " + ProjectorApplication.causes(e));
            return FAILED;
        }
    }
}
