package io.sessionstream.projector;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.exceptions.BeanContextException;
import io.micronaut.runtime.Micronaut;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the session-projector, or with a command argument, the {@linkplain RebuildCommand rebuild} or
 * {@linkplain CheckCommand check} command. Arguments starting with {@code -} ({@code --redis.uri=...}) are
 * configuration, as for any Micronaut application.
 */
public final class ProjectorApplication {

    /** The environment in which a command runs: no listener, no health indicator, no HTTP server. */
    static final String COMMAND_ENVIRONMENT = "command";
    /** The exit code of a command line that names no command. */
    static final int USAGE_ERROR = 2;
    /**
     * How long the projector may take to stop once asked (SIGTERM) before it halts. With Kafka gone, its consumers'
     * close waits 30 s for a coordinator (and micronaut-kafka spins a core meanwhile); with a broker that hangs, minutes
     * ({@code StopWithoutKafkaIT}). Halting loses nothing: a batch is committed only once applied, and its records are
     * fenced when it is projected again. Below Docker's default grace of 10 s, so the projector ends on its own.
     */
    static final Duration STOP_BOUND = Duration.ofSeconds(8);

    static final String USAGE = """
            usage: java [-D<property>=<value> ...] -jar session-projector.jar [rebuild | check]
              (no command)  run the projector
              rebuild       with every session-projector stopped: empty the projection in Redis, replay
                            session.events and session.activity into it from the beginning, and set both
                            consumer groups where the replay stopped; exit 0 done, 1 failed, 2 refused
              check         whether the projection in Redis is of this broker's session.events (its topic id):
                            exit 0 it is, or there is none yet; 3 it is another incarnation's (a re-created
                            topic, another cluster, a restored backup): run rebuild; 1 could not tell""";

    private ProjectorApplication() {
    }

    public static void main(String[] args) {
        if (commands(args).isEmpty()) {
            haltIfStoppingTakesLonger(STOP_BOUND);
            Micronaut.run(ProjectorApplication.class, args);
            return;
        }
        System.exit(command(args, System.out, System.err));
    }

    /**
     * Once the JVM starts to stop, halts it {@code bound} later if it is still stopping: scheduled by a shutdown hook
     * on {@link CompletableFuture#delayedExecutor}'s daemon thread, and run right there (not on the common pool, which
     * a stuck stop may hold), which the JVM's own exit ends first when the stop is quick.
     */
    private static void haltIfStoppingTakesLonger(Duration bound) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> CompletableFuture
                .delayedExecutor(bound.toMillis(), TimeUnit.MILLISECONDS, Runnable::run).execute(() -> {
                    System.err.println("session-projector did not stop within " + bound.toSeconds() + " s (is Kafka "
                            + "reachable?): halting. Nothing is lost: an uncommitted batch is projected again.");
                    Runtime.getRuntime().halt(1);
                }), "stop-bound"));
    }

    /** Runs the command among {@code args}; answers the exit code. */
    static int command(String[] args, PrintStream out, PrintStream err) {
        List<String> commands = commands(args);
        ApplicationContextBuilder context = ApplicationContext.builder().args(args);
        if (commands.equals(List.of(RebuildCommand.NAME))) {
            return RebuildCommand.run(context, out, err);
        }
        if (commands.equals(List.of(CheckCommand.NAME))) {
            return CheckCommand.run(context, out, err);
        }
        err.println(USAGE);
        return USAGE_ERROR;
    }

    private static List<String> commands(String[] args) {
        return Arrays.stream(args).filter(a -> !a.startsWith("-")).toList();
    }

    /**
     * The causes' messages, outermost first, without Micronaut's bean-path wrappers: "Unable to connect
     * to 127.0.0.1:6390: Connection refused: /127.0.0.1:6390", not a stack trace (that goes to the log).
     */
    static String causes(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BeanContextException) {
                continue;
            }
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().lines().findFirst().orElse("");
            if (messages.stream().noneMatch(m -> m.contains(message))) {
                messages.add(message);
            }
        }
        return messages.isEmpty() ? e.toString() : String.join(": ", messages);
    }
}
