package io.sessionstream.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Ends the processes a JVM started (services, brokers, Redis nodes) when that JVM dies without ending them: a
 * {@code kill -9} of {@code ./run}, a build killed at its time limit, an out-of-memory kill. Otherwise they live on,
 * holding their ports, writing to Redis and to the topics, and the next {@code ./run} or test run on the machine
 * meets them.
 *
 * <p>{@link #watchThisJvm()} starts one small JVM, once per JVM, that follows this JVM's descendants (every
 * {@link #POLL} while it lives, and once before the call returns, so every process started before the call is
 * followed for sure); when this JVM is gone, it says so on this JVM's standard error (the terminal of a killed
 * {@code ./run}), sends each descendant it last saw, still alive, SIGTERM, then SIGKILL to those alive {@link #GRACE}
 * later, and exits. A process is known by its pid and its start time, so a pid the system
 * gave to another process since is never signalled. A JVM that ends normally has ended its processes already: the
 * reaper then finds none alive.
 */
public final class Reaper {

    /** How long a process has between SIGTERM and SIGKILL. */
    static final Duration GRACE = Duration.ofSeconds(10);
    static final Duration POLL = Duration.ofSeconds(1);
    private static final String WATCHING = "watching";
    private static Process started;

    private Reaper() {
    }

    /** Starts this JVM's reaper, unless it runs already. Idempotent and cheap after the first call. */
    public static synchronized void watchThisJvm() {
        if (started != null && started.isAlive()) {
            return;
        }
        ProcessHandle self = ProcessHandle.current();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath(),
                Reaper.class.getName(), String.valueOf(self.pid()));
        try {
            started = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            // Its first look at this JVM's descendants is taken before it answers.
            String first = new BufferedReader(new InputStreamReader(started.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            if (!WATCHING.equals(first)) {
                throw new IllegalStateException("the reaper of this JVM's processes did not start: " + first);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the reaper of this JVM's processes", e);
        }
    }

    /** The pid of this JVM's reaper, if one was started. */
    public static synchronized OptionalLong pid() {
        return started == null ? OptionalLong.empty() : OptionalLong.of(started.pid());
    }

    private static String classpath() {
        try {
            return Path.of(Reaper.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until every one of {@code processes} has exited, or {@code bound} has passed. */
    private static void awaitExit(List<ProcessHandle> processes, Duration bound) throws InterruptedException {
        try {
            CompletableFuture.allOf(processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Bound reached: the caller looks at who is alive.
        }
    }

    private static Set<ProcessHandle> descendants(ProcessHandle watched, ProcessHandle self) {
        return watched.descendants().filter(p -> !p.equals(self)).collect(Collectors.toSet());
    }

    /** {@code Reaper <pid>}: follows that process's descendants and ends them once it is gone. */
    public static void main(String[] args) throws InterruptedException {
        ProcessHandle watched = ProcessHandle.of(Long.parseLong(args[0])).orElse(null);
        if (watched == null) {
            return;
        }
        ProcessHandle self = ProcessHandle.current();
        // Every descendant seen alive, kept after the watched process is gone: its children then belong to init.
        Set<ProcessHandle> seen = new HashSet<>(descendants(watched, self));
        System.out.println(WATCHING);
        System.out.flush();
        while (watched.isAlive()) {
            awaitExit(List.of(watched), POLL);
            seen.removeIf(p -> !p.isAlive());
            seen.addAll(descendants(watched, self));
        }
        // isAlive and destroy compare the start time too: a pid given to another process since is left alone.
        List<ProcessHandle> alive = seen.stream().filter(ProcessHandle::isAlive).toList();
        if (alive.isEmpty()) {
            return;
        }
        System.err.println("Process " + watched.pid() + " ended without stopping what it started: ending "
                + alive.stream().map(p -> p.pid() + p.info().command().map(c -> " (" + Path.of(c).getFileName() + ")")
                .orElse("")).collect(Collectors.joining(", ")));
        alive.forEach(ProcessHandle::destroy);
        awaitExit(alive, GRACE);
        alive.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
