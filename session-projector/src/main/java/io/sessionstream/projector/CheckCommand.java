package io.sessionstream.projector;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code check} command: runs an {@link IncarnationCheck} in a context of the
 * {@value ProjectorApplication#COMMAND_ENVIRONMENT} environment, prints its one-line result
 * ({@code check: topic=… topic-id=… projection=same|none|foreign projection-topic-id=…|none}) and answers the exit
 * code: {@value #OURS} the projection is this topic's, or there is none yet (projectors may start);
 * {@value #FOREIGN} it is another incarnation's — projectors would refuse it — so rebuild it (what to do goes to
 * standard error); {@value #FAILED} the check could not be made (Redis or Kafka unreachable, no such topic).
 * The launcher runs it before it starts the projectors.
 */
final class CheckCommand {

    static final String NAME = "check";
    static final int OURS = 0;
    static final int FAILED = 1;
    static final int FOREIGN = 3;

    private static final Logger LOG = LoggerFactory.getLogger(CheckCommand.class);

    private CheckCommand() {
    }

    static int run(ApplicationContextBuilder builder, PrintStream out, PrintStream err) {
        try (ApplicationContext context = builder.environments(ProjectorApplication.COMMAND_ENVIRONMENT).start()) {
            IncarnationCheck.Result result = context.getBean(IncarnationCheck.class).run();
            out.println(result);
            if (result.foreign()) {
                err.println("check: Redis holds a projection of another incarnation of " + result.topic()
                        + ", which the projectors would refuse: " + ForeignProjection.FIX);
                return FOREIGN;
            }
            return OURS;
        } catch (RuntimeException e) {
            LOG.error("Check failed", e);
            err.println("check failed: " + ProjectorApplication.causes(e));
            return FAILED;
        }
    }
}
