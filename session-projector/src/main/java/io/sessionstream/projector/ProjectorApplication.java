package io.sessionstream.projector;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the session-projector, or with the argument {@code rebuild}, the {@linkplain Rebuild rebuild}
 * command. Arguments starting with {@code -} ({@code --redis.uri=...}) are configuration, as for any
 * Micronaut application.
 */
public final class ProjectorApplication {

    static final String USAGE = """
            usage: java [-D<property>=<value> ...] -jar session-projector.jar [rebuild]
              (no command)  run the projector
              rebuild       with every session-projector stopped: empty the projection in Redis, replay
                            session.events and session.activity into it from the beginning, and set both
                            consumer groups where the replay stopped; exit 0 done, 1 failed, 2 refused""";

    private ProjectorApplication() {
    }

    public static void main(String[] args) {
        if (commands(args).isEmpty()) {
            Micronaut.run(ProjectorApplication.class, args);
            return;
        }
        System.exit(command(args, System.out, System.err));
    }

    /** Runs the command among {@code args}; answers the exit code. */
    static int command(String[] args, PrintStream out, PrintStream err) {
        if (!commands(args).equals(List.of(RebuildCommand.NAME))) {
            err.println(USAGE);
            return RebuildCommand.REFUSED;
        }
        return RebuildCommand.run(ApplicationContext.builder().args(args), out, err);
    }

    private static List<String> commands(String[] args) {
        return Arrays.stream(args).filter(a -> !a.startsWith("-")).toList();
    }
}
